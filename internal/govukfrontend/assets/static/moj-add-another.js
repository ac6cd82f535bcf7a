function isInitialised($root, moduleName) {
  return $root instanceof HTMLElement && $root.hasAttribute(`data-${moduleName}-init`);
}

/**
 * Checks if GOV.UK Frontend is supported on this page
 *
 * Some browsers will load and run our JavaScript but GOV.UK Frontend
 * won't be supported.
 *
 * @param {HTMLElement | null} [$scope] - (internal) `<body>` HTML element checked for browser support
 * @returns {boolean} Whether GOV.UK Frontend is supported on this page
 */
function isSupported($scope = document.body) {
  if (!$scope) {
    return false;
  }
  return $scope.classList.contains('govuk-frontend-supported');
}
function isArray(option) {
  return Array.isArray(option);
}
function isObject(option) {
  return !!option && typeof option === 'object' && !isArray(option);
}
function formatErrorMessage(Component, message) {
  return `${Component.moduleName}: ${message}`;
}

class GOVUKFrontendError extends Error {
  constructor(...args) {
    super(...args);
    this.name = 'GOVUKFrontendError';
  }
}
class SupportError extends GOVUKFrontendError {
  /**
   * Checks if GOV.UK Frontend is supported on this page
   *
   * @param {HTMLElement | null} [$scope] - HTML element `<body>` checked for browser support
   */
  constructor($scope = document.body) {
    const supportMessage = 'noModule' in HTMLScriptElement.prototype ? 'GOV.UK Frontend initialised without `<body class="govuk-frontend-supported">` from template `<script>` snippet' : 'GOV.UK Frontend is not supported in this browser';
    super($scope ? supportMessage : 'GOV.UK Frontend initialised without `<script type="module">`');
    this.name = 'SupportError';
  }
}
class ConfigError extends GOVUKFrontendError {
  constructor(...args) {
    super(...args);
    this.name = 'ConfigError';
  }
}
class ElementError extends GOVUKFrontendError {
  constructor(messageOrOptions) {
    let message = typeof messageOrOptions === 'string' ? messageOrOptions : '';
    if (isObject(messageOrOptions)) {
      const {
        component,
        identifier,
        element,
        expectedType
      } = messageOrOptions;
      message = identifier;
      message += element ? ` is not of type ${expectedType != null ? expectedType : 'HTMLElement'}` : ' not found';
      if (component) {
        message = formatErrorMessage(component, message);
      }
    }
    super(message);
    this.name = 'ElementError';
  }
}
class InitError extends GOVUKFrontendError {
  constructor(componentOrMessage) {
    const message = typeof componentOrMessage === 'string' ? componentOrMessage : formatErrorMessage(componentOrMessage, `Root element (\`$root\`) already initialised`);
    super(message);
    this.name = 'InitError';
  }
}

class Component {
  /**
   * Returns the root element of the component
   *
   * @protected
   * @returns {RootElementType} - the root element of component
   */
  get $root() {
    return this._$root;
  }
  constructor($root) {
    this._$root = void 0;
    const childConstructor = this.constructor;
    if (typeof childConstructor.moduleName !== 'string') {
      throw new InitError(`\`moduleName\` not defined in component`);
    }
    if (!($root instanceof childConstructor.elementType)) {
      throw new ElementError({
        element: $root,
        component: childConstructor,
        identifier: 'Root element (`$root`)',
        expectedType: childConstructor.elementType.name
      });
    } else {
      this._$root = $root;
    }
    childConstructor.checkSupport();
    this.checkInitialised();
    const moduleName = childConstructor.moduleName;
    this.$root.setAttribute(`data-${moduleName}-init`, '');
  }
  checkInitialised() {
    const constructor = this.constructor;
    const moduleName = constructor.moduleName;
    if (moduleName && isInitialised(this.$root, moduleName)) {
      throw new InitError(constructor);
    }
  }
  static checkSupport() {
    if (!isSupported()) {
      throw new SupportError();
    }
  }
}

/**
 * @typedef ChildClass
 * @property {string} moduleName - The module name that'll be looked for in the DOM when initialising the component
 */

/**
 * @typedef {typeof Component & ChildClass} ChildClassConstructor
 */
Component.elementType = HTMLElement;

const configOverride = Symbol.for('configOverride');
class ConfigurableComponent extends Component {
  [configOverride](param) {
    return {};
  }

  /**
   * Returns the root element of the component
   *
   * @protected
   * @returns {ConfigurationType} - the root element of component
   */
  get config() {
    return this._config;
  }
  constructor($root, config) {
    super($root);
    this._config = void 0;
    const childConstructor = this.constructor;
    if (!isObject(childConstructor.defaults)) {
      throw new ConfigError(formatErrorMessage(childConstructor, 'Config passed as parameter into constructor but no defaults defined'));
    }
    const datasetConfig = normaliseDataset(childConstructor, this._$root.dataset);
    this._config = mergeConfigs(childConstructor.defaults, config != null ? config : {}, this[configOverride](datasetConfig), datasetConfig);
  }
}
function normaliseString(value, property) {
  const trimmedValue = value ? value.trim() : '';
  let output;
  let outputType = property == null ? void 0 : property.type;
  if (!outputType) {
    if (['true', 'false'].includes(trimmedValue)) {
      outputType = 'boolean';
    }
    if (trimmedValue.length > 0 && isFinite(Number(trimmedValue))) {
      outputType = 'number';
    }
  }
  switch (outputType) {
    case 'boolean':
      output = trimmedValue === 'true';
      break;
    case 'number':
      output = Number(trimmedValue);
      break;
    default:
      output = value;
  }
  return output;
}
function normaliseDataset(Component, dataset) {
  if (!isObject(Component.schema)) {
    throw new ConfigError(formatErrorMessage(Component, 'Config passed as parameter into constructor but no schema defined'));
  }
  const out = {};
  const entries = Object.entries(Component.schema.properties);
  for (const entry of entries) {
    const [namespace, property] = entry;
    const field = namespace.toString();
    if (field in dataset) {
      out[field] = normaliseString(dataset[field], property);
    }
    if ((property == null ? void 0 : property.type) === 'object') {
      out[field] = extractConfigByNamespace(Component.schema, dataset, namespace);
    }
  }
  return out;
}
function mergeConfigs(...configObjects) {
  const formattedConfigObject = {};
  for (const configObject of configObjects) {
    for (const key of Object.keys(configObject)) {
      const option = formattedConfigObject[key];
      const override = configObject[key];
      if (isObject(option) && isObject(override)) {
        formattedConfigObject[key] = mergeConfigs(option, override);
      } else {
        formattedConfigObject[key] = override;
      }
    }
  }
  return formattedConfigObject;
}
function extractConfigByNamespace(schema, dataset, namespace) {
  const property = schema.properties[namespace];
  if ((property == null ? void 0 : property.type) !== 'object') {
    return;
  }
  const newObject = {
    [namespace]: {}
  };
  for (const [key, value] of Object.entries(dataset)) {
    let current = newObject;
    const keyParts = key.split('.');
    for (const [index, name] of keyParts.entries()) {
      if (isObject(current)) {
        if (index < keyParts.length - 1) {
          if (!isObject(current[name])) {
            current[name] = {};
          }
          current = current[name];
        } else if (key !== namespace) {
          current[name] = normaliseString(value);
        }
      }
    }
  }
  return newObject[namespace];
}

class I18n {
  constructor(translations = {}, config = {}) {
    var _config$locale;
    this.translations = void 0;
    this.locale = void 0;
    this.translations = translations;
    this.locale = (_config$locale = config.locale) != null ? _config$locale : document.documentElement.lang || 'en';
  }
  t(lookupKey, options) {
    if (!lookupKey) {
      throw new Error('i18n: lookup key missing');
    }
    let translation = this.translations[lookupKey];
    if (typeof (options == null ? void 0 : options.count) === 'number' && isObject(translation)) {
      const translationPluralForm = translation[this.getPluralSuffix(lookupKey, options.count)];
      if (translationPluralForm) {
        translation = translationPluralForm;
      }
    }
    if (typeof translation === 'string') {
      if (translation.match(/%{(.\S+)}/)) {
        if (!options) {
          throw new Error('i18n: cannot replace placeholders in string if no option data provided');
        }
        return this.replacePlaceholders(translation, options);
      }
      return translation;
    }
    return lookupKey;
  }
  replacePlaceholders(translationString, options) {
    const formatter = Intl.NumberFormat.supportedLocalesOf(this.locale).length ? new Intl.NumberFormat(this.locale) : undefined;
    return translationString.replace(/%{(.\S+)}/g, function (placeholderWithBraces, placeholderKey) {
      if (Object.prototype.hasOwnProperty.call(options, placeholderKey)) {
        const placeholderValue = options[placeholderKey];
        if (placeholderValue === false || typeof placeholderValue !== 'number' && typeof placeholderValue !== 'string') {
          return '';
        }
        if (typeof placeholderValue === 'number') {
          return formatter ? formatter.format(placeholderValue) : `${placeholderValue}`;
        }
        return placeholderValue;
      }
      throw new Error(`i18n: no data found to replace ${placeholderWithBraces} placeholder in string`);
    });
  }
  hasIntlPluralRulesSupport() {
    return Boolean('PluralRules' in window.Intl && Intl.PluralRules.supportedLocalesOf(this.locale).length);
  }
  getPluralSuffix(lookupKey, count) {
    count = Number(count);
    if (!isFinite(count)) {
      return 'other';
    }
    const translation = this.translations[lookupKey];
    const preferredForm = this.hasIntlPluralRulesSupport() ? new Intl.PluralRules(this.locale).select(count) : 'other';
    if (isObject(translation)) {
      if (preferredForm in translation) {
        return preferredForm;
      } else if ('other' in translation) {
        console.warn(`i18n: Missing plural form ".${preferredForm}" for "${this.locale}" locale. Falling back to ".other".`);
        return 'other';
      }
    }
    throw new Error(`i18n: Plural form ".other" is required for "${this.locale}" locale`);
  }
}

/**
 * GOV.UK Frontend helpers
 *
 * @todo Import from GOV.UK Frontend
 */

/**
 * Move focus to element
 *
 * Sets tabindex to -1 to make the element programmatically focusable,
 * but removes it on blur as the element doesn't need to be focused again.
 *
 * @template {HTMLElement} FocusElement
 * @param {FocusElement} $element - HTML element
 * @param {object} [options] - Handler options
 * @param {function(this: FocusElement): void} [options.onBeforeFocus] - Callback before focus
 * @param {function(this: FocusElement): void} [options.onBlur] - Callback on blur
 */
function setFocus($element, options = {}) {
  var _options$onBeforeFocu;
  const isFocusable = $element.getAttribute('tabindex');
  if (!isFocusable) {
    $element.setAttribute('tabindex', '-1');
  }

  /**
   * Handle element focus
   */
  function onFocus() {
    $element.addEventListener('blur', onBlur, {
      once: true
    });
  }

  /**
   * Handle element blur
   */
  function onBlur() {
    var _options$onBlur;
    (_options$onBlur = options.onBlur) == null || _options$onBlur.call($element);
    if (!isFocusable) {
      $element.removeAttribute('tabindex');
    }
  }

  // Add listener to reset element on blur, after focus
  $element.addEventListener('focus', onFocus, {
    once: true
  });

  // Focus element
  (_options$onBeforeFocu = options.onBeforeFocus) == null || _options$onBeforeFocu.call($element);
  $element.focus();
}

/**
 * Returns the value of the given attribute closest to the given element (including itself)
 *
 * @param {Element} $element - The element to start walking the DOM tree up
 * @param {string} attributeName - The name of the attribute
 * @returns {string | null} Attribute value
 */
function closestAttributeValue($element, attributeName) {
  const $closestElementWithAttribute = $element.closest(`[${attributeName}]`);
  return $closestElementWithAttribute ? $closestElementWithAttribute.getAttribute(attributeName) : null;
}

/**
 * Emit a custom event
 *
 * @template {CompatibleClass} ComponentClass
 * @param {Element} $element - The element to dispatch the event from
 * @param {ComponentClass} Component - class of the component to create
 * @param {string} eventName - The name of the event to emit
 * @param {object} detail - Any details to pass along with the event
 * @param {boolean} cancelable - whether the event is cancelable
 */
function emitEvent($element, Component, eventName, detail = null, cancelable = false) {
  if (!$element) return;
  const event = new CustomEvent(`${Component.moduleName}:${eventName}`, {
    bubbles: true,
    cancelable,
    detail
  });
  return $element.dispatchEvent(event);
}

/* eslint-disable jsdoc/valid-types --
 * `{new(...args: any[] ): object}` is not recognised as valid
 * https://github.com/gajus/eslint-plugin-jsdoc/issues/145#issuecomment-1308722878
 * https://github.com/jsdoc-type-pratt-parser/jsdoc-type-pratt-parser/issues/131
 **/

/**
 * A class that can be instantiated with any arguments and has a static
 * `moduleName` property.
 *
 * @typedef {{new (...args: any[]): any, moduleName: string}} CompatibleClass
 */

/* eslint-enable jsdoc/valid-types */

/**
 * @augments {ConfigurableComponent<AddAnotherConfig>}
 */
class AddAnother extends ConfigurableComponent {
  /**
   * Add another component
   *
   * Allows for a section of a form to be duplicated to allow users to add
   * multiple entries for a set of fields. For example, adding multiple
   * addresses.
   *
   * @param {Element | null} $root - HTML element to use for add another
   * @param {AddAnotherConfig} [config] - Add another config
   */
  constructor($root, config = {}) {
    super($root, config);
    /** @private */
    this.itemTemplateClass = 'moj-add-another__item-template';
    /** @private */
    this.itemsContainerClass = 'moj-add-another__items';
    /** @private */
    this.itemClass = 'moj-add-another__item';
    /** @private */
    this.fieldsetClass = 'moj-add-another__fieldset';
    /** @private */
    this.removeButtonContainerClass = 'moj-add-another__remove-button-container';
    /** @private */
    this.removeButtonClass = 'moj-add-another__remove-button';
    /** @private */
    this.addButtonClass = 'moj-add-another__add-button';
    /** @private */
    this.labelSuffixClass = 'moj-add-another__label-suffix';
    /** @private */
    this.newItemSuffixClass = 'moj-add-another__new-item-suffix';
    /** @private */
    this.itemAddedEvent = 'add-item';
    /** @private */
    this.itemRemovedEvent = 'remove-item';
    /** @private */
    this.itemResetEvent = 'reset-item';
    /** @private */
    this.templateCreatedEvent = 'create-template';
    /** @private */
    /** @type {HTMLElement[]} */
    this.$items = void 0;
    /** @private */
    /** @type {HTMLTemplateElement} */
    this.$itemTemplate = void 0;
    const $itemsContainer = this.$root.querySelector(`.${this.itemsContainerClass}`);
    if (!($itemsContainer instanceof HTMLElement)) {
      return;
    }
    this.i18n = new I18n(this.config.i18n, {
      // Read the fallback if necessary rather than have it set in the defaults
      locale: closestAttributeValue(this.$root, 'lang')
    });
    this.$itemsContainer = $itemsContainer;
    this.$items = this.getItems();
    this.initButtons();
    this.createTemplate();
    this.updateAllItems();
    this.$root.addEventListener('click', event => this.onRemoveButtonClick(event));
    this.$root.addEventListener('click', event => this.onAddButtonClick(event));
  }

  /**
   * Creates a template element from the first item in the list of items and
   * appends it to the component root.
   *
   * @fires AddAnother#templateCreated
   */
  createTemplate() {
    var _this$$items$;
    const $templateHTML = (_this$$items$ = this.$items[0]) == null ? void 0 : _this$$items$.cloneNode(true);
    if (!($templateHTML instanceof HTMLElement)) {
      return;
    }

    // reset values of all fields
    this.resetItem($templateHTML);

    // remove error messages, and error classes
    this.clearErrorMessages($templateHTML);

    // create template element and append to component root
    const $template = document.createElement('template');
    $template.classList.add(`${this.itemTemplateClass}`);
    $template.content.append($templateHTML);
    this.$itemTemplate = this.$root.appendChild($template);
    emitEvent(this.$itemTemplate, AddAnother, this.templateCreatedEvent);
  }

  /**
   * Ensure buttons have type="button" to prevent form submission when clicked
   */
  initButtons() {
    const $buttons = this.$root.querySelectorAll(`.${this.addButtonClass}, .${this.removeButtonClass}`);
    $buttons.forEach($button => {
      if (!($button instanceof HTMLButtonElement)) {
        return;
      }
      $button.type = 'button';
    });
  }

  /**
   * Get all add another items
   *
   * @returns {HTMLElement[]} Array of add another items
   */
  getItems() {
    if (!this.$root) {
      return [];
    }
    const $items = Array.from(this.$root.querySelectorAll(`.${this.itemClass}`));
    return $items.filter(item => item instanceof HTMLElement);
  }

  /**
   * Clones a new item from the template and returns it.
   *
   * @returns {DocumentFragment | undefined}
   */
  getNewItem() {
    const $item = document.importNode(this.$itemTemplate.content, true);
    if (!$item) {
      return;
    }

    // Ensure the new item has a remove button
    if (!this.hasRemoveButton($item)) {
      this.createRemoveButton($item);
    }
    return $item;
  }
  updateAllItems(action = '') {
    this.$items = this.getItems();
    this.$items.forEach(($item, index, items) => {
      this.updateIndexes($item, index);
      this.updateLegends($item, index, items.length);
      this.updateRemoveButtons($item, index, items.length);
      this.updateFieldLabels($item, index);
      this.updateGroupedFieldLegends($item, index);
      if (action === 'remove') {
        this.updateErrorMessages($item, index);
      }
    });
  }

  /**
   * Updates the name and id attributes of inputs within an item, as well as
   * their associated labels, to reflect the current index of the item.
   *
   * @param {Element} $item - Add another item
   * @param {number} index - Add another item index
   */
  updateIndexes($item, index) {
    $item.querySelectorAll('[data-name][data-id]').forEach($input => {
      if (!this.isValidInputElement($input)) {
        return;
      }
      const name = $input.getAttribute('data-name') || '';
      const id = $input.getAttribute('data-id') || '';
      const originalId = $input.id;
      $input.name = name.replace(/%index%/, `${index}`);
      $input.id = id.replace(/%index%/, `${index}`);
      const $label = $input.parentElement.querySelector('label') || $input.closest('label') || $item.querySelector(`[for="${originalId}"]`);
      if ($label && $label instanceof HTMLLabelElement) {
        $label.htmlFor = $input.id;
      }
    });
  }

  /**
   * Updates the id attributes of error messages associated with inputs within
   * an item, as well as the aria-describedby attributes of the inputs, to
   * reflect the current index of the item.
   *
   * @param {Element} $item - Add another item
   * @param {number} index - Add another item index
   */
  updateErrorMessages($item, index) {
    $item.querySelectorAll('[data-name]').forEach($input => {
      var _$input$parentElement;
      if (!this.isValidInputElement($input)) {
        return;
      }
      const $errorMessage = (_$input$parentElement = $input.parentElement) == null ? void 0 : _$input$parentElement.querySelector('.govuk-error-message');
      if (!$errorMessage || !($errorMessage instanceof HTMLElement)) {
        return;
      }
      const id = $input.getAttribute('data-id') || '';
      const originalErrorMessageId = $errorMessage.id;
      const newErrorMessageId = `${id.replace(/%index%/, `${index}`)}-error`;
      $errorMessage.id = newErrorMessageId;
      const describedBy = $input.getAttribute('aria-describedby') || '';
      const newDescribedBy = describedBy.split(' ').map(desc => desc === originalErrorMessageId ? newErrorMessageId : desc).join(' ');
      $input.setAttribute('aria-describedby', newDescribedBy);
    });
  }

  /**
   * Removes error links from the error summary that are associated with inputs
   * within an item, and removes the error summary if there are no remaining
   * error links.
   *
   * @param {Element} $item - Add another item
   */
  updateErrorSummary($item) {
    const $errorSummary = document.querySelector('.govuk-error-summary');
    if (!$errorSummary || !($errorSummary instanceof HTMLElement)) {
      return;
    }
    const $errorLinks = $errorSummary.querySelectorAll('a');
    $errorLinks.forEach($link => {
      const href = $link.getAttribute('href') || '';
      const hrefParts = href.split('#');
      const targetId = href.includes('#') ? hrefParts[hrefParts.length - 1] : null;
      const $target = targetId ? document.getElementById(targetId) : null;
      if ($target && $item.contains($target)) {
        const $listItem = $link.closest('li');
        if ($listItem) {
          $listItem.remove();
        } else {
          $link.remove();
        }
      }
    });
    const $remainingErrorLinks = $errorSummary.querySelectorAll('a');
    if ($remainingErrorLinks.length === 0) {
      $errorSummary.remove();
    }
  }

  /**
   * Updates the text of labels associated with inputs within an item to have
   * visually hidden text appended that reflects the current index of the item.
   *
   * @param {Element} $item - Add another item
   * @param {number} index - Add another item index
   */
  updateFieldLabels($item, index) {
    $item.querySelectorAll('[data-label]').forEach($input => {
      if (!this.isValidInputElement($input)) {
        return;
      }
      const $label = $input.closest('.govuk-form-group').querySelector('label');
      if ($label && $label instanceof HTMLLabelElement) {
        this.updateSuffixText($label, index + 1);
      }
    });
  }

  /**
   * Updates the text of legends within an item to have visually hidden text
   * appended that reflects the current index of the item, for grouped fields
   * that contain multiple inputs (e.g. date inputs, radio button and checkbox groups).
   *
   * @param {Element} $item - Add another item
   * @param {number} index - Add another item index
   */
  updateGroupedFieldLegends($item, index) {
    $item.querySelectorAll('[data-legend]').forEach($fieldset => {
      if (!($fieldset instanceof HTMLFieldSetElement)) {
        return;
      }
      const $legend = $fieldset.querySelector('legend');
      if ($legend && $legend instanceof HTMLLegendElement) {
        this.updateSuffixText($legend, index + 1);
      }
    });
  }

  /**
   * Updates the text of legends within an item to reflect the current index of
   * the item and the total number of items to ensure unique accessible names.
   *
   * @param {Element} $item - Add another item
   * @param {number} index - Add another item index
   * @param {number} itemsCount - Total number of items
   */
  updateLegends($item, index, itemsCount) {
    const $fieldset = $item.querySelector(`.${this.fieldsetClass}`);
    if (!$fieldset || !($fieldset instanceof HTMLFieldSetElement)) {
      return;
    }
    const $legend = $fieldset.querySelector('legend');
    if (!$legend || !($legend instanceof HTMLLegendElement)) {
      return;
    }
    const legendText = this.i18n.t('itemLegendText', {
      itemLabel: this.config.itemLabel,
      number: index + 1,
      count: itemsCount
    });

    // Replace the legend node rather than mutating text in-place so assistive
    // technologies recalculate the fieldset name after item reindex/removal.
    const $replacementLegend = /** @type {HTMLLegendElement} */
    $legend.cloneNode(false);
    if ($legend.firstElementChild && $legend.firstElementChild instanceof HTMLHeadingElement) {
      const $replacementHeading = /** @type {HTMLHeadingElement} */
      $legend.firstElementChild.cloneNode(false);
      $replacementHeading.textContent = legendText;
      $replacementLegend.appendChild($replacementHeading);
    } else {
      $replacementLegend.textContent = legendText;
    }
    $legend.replaceWith($replacementLegend);
  }

  /**
   * Updates the text of remove buttons within an item to reflect the current
   * index of the item to ensure unique accessible names.
   * If there is only one item remaining, the remove button is removed.
   *
   * @param {Element} $item - Add another item
   * @param {number} index - Add another item index
   * @param {number} itemsCount - Total number of items
   */
  updateRemoveButtons($item, index, itemsCount) {
    const $button = $item.querySelector(`.${this.removeButtonClass}`);
    const labelIndex = index + 1;
    if (!$button || !($button instanceof HTMLButtonElement)) {
      if (itemsCount > 1 && index === 0) {
        this.createRemoveButton($item, labelIndex);
      }
      return;
    }
    if (itemsCount === 1 && index === 0) {
      $button.remove();
    } else {
      this.setRemoveButtonContent($button, labelIndex);
    }
  }

  /**
   * Adds visually hidden text to the legend of an item to indicate it has been
   * added, to provide additional context for screen reader users.
   *
   * @param {Element} $item - Add another item
   */
  addNewItemSuffix($item) {
    const $newItemSuffix = document.createElement('span');
    $newItemSuffix.classList.add('govuk-visually-hidden', `${this.newItemSuffixClass}`);
    $newItemSuffix.textContent = this.i18n.t('newItemSuffixText');
    const $legend = $item.querySelector('legend');
    if ($legend && $legend instanceof HTMLLegendElement) {
      $legend.appendChild($newItemSuffix);
    }
  }

  /**
   * Updates the visually hidden text of a label to reflect the current index of
   * the item.
   *
   * @param {Element} $element - Add another item
   * @param {number} index - Add another item index
   */
  updateSuffixText($element, index) {
    let $suffix = $element.querySelector(`.${this.labelSuffixClass}`);
    if (!$suffix) {
      $suffix = document.createElement('span');
      $suffix.classList.add(`${this.labelSuffixClass}`, 'govuk-visually-hidden');
      $suffix = $element.appendChild($suffix);
    }
    if ($suffix && $suffix instanceof HTMLElement) {
      $suffix.textContent = this.i18n.t('fieldLabelSuffixText', {
        itemLabel: this.config.itemLabel.toLowerCase(),
        number: index
      });
    }
  }

  /**
   * Removes the visually hidden text added by addNewItemSuffix to indicate an item has been added.
   * Replaces the legend node rather than mutating text in-place so assistive
   * technologies recalculate the fieldset name after item reindex/removal.
   *
   * @param {Element} $item - Add another item
   */
  removeNewItemSuffix($item) {
    const $legend = $item.querySelector('legend');
    if (!$legend || !($legend instanceof HTMLLegendElement)) {
      return;
    }
    const $replacementLegend = /** @type {HTMLLegendElement} */
    $legend.cloneNode(true);
    $replacementLegend.querySelectorAll(`.${this.newItemSuffixClass}`).forEach($suffix => {
      if ($suffix instanceof HTMLElement) {
        $suffix.remove();
      }
    });
    $legend.replaceWith($replacementLegend);
  }

  /**
   * Creates a remove button for an item if it doesn't already exist, and
   * adds it to the item.
   *
   * @param {Element|DocumentFragment} $item - Add another item
   * @param {number} [labelIndex] - label index
   */
  createRemoveButton($item, labelIndex = 1) {
    const $buttonContainer = $item.querySelector(`.${this.removeButtonContainerClass}`);
    const $button = document.createElement('button');
    $button.type = 'button';
    $button.classList.add('govuk-button', 'govuk-button--secondary', `${this.removeButtonClass}`);
    this.setRemoveButtonContent($button, labelIndex);
    if ($buttonContainer && $buttonContainer instanceof HTMLElement) {
      $buttonContainer.appendChild($button);
    } else {
      if (!(this.config.layout === 'inline')) {
        $item.appendChild($button);
      }
    }
  }

  /**
   * Resets the values of all input fields within an item to their default
   * state.
   *
   * @param {HTMLElement} $item - Add another item
   * @fires AddAnother#resetItem
   */
  resetItem($item) {
    $item.querySelectorAll('[data-name], [data-id]').forEach($input => {
      if (!this.isValidInputElement($input)) {
        return;
      }
      if ($input instanceof HTMLSelectElement) {
        $input.selectedIndex = -1;
        $input.value = '';
      } else if ($input instanceof HTMLTextAreaElement) {
        $input.value = '';
      } else if ($input instanceof HTMLInputElement) {
        switch ($input.type) {
          case 'checkbox':
          case 'radio':
            $input.checked = false;
            break;
          default:
            $input.value = '';
        }
      }
    });
    emitEvent($item, AddAnother, this.itemResetEvent);
  }

  /**
   * Removes error messages and error classes from an item.
   *
   * @param {Element} $item
   */
  clearErrorMessages($item) {
    // remove error messages
    $item.querySelectorAll('.govuk-error-message').forEach($errorMessage => {
      if ($errorMessage instanceof HTMLElement) {
        $errorMessage.remove();
      }
    });

    // remove error classes from form groups
    $item.querySelectorAll('.govuk-form-group--error').forEach($formGroup => {
      if ($formGroup && $formGroup instanceof HTMLElement) {
        $formGroup.classList.remove('govuk-form-group--error');
      }
    });

    // remove error classes from inputs
    $item.querySelectorAll('.govuk-input--error').forEach($formGroup => {
      if ($formGroup && $formGroup instanceof HTMLElement) {
        $formGroup.classList.remove('govuk-input--error');
      }
    });
  }

  /**
   * Generates remove button text.
   *
   * @returns {string} translated remove button text
   */
  removeButtonText() {
    return this.i18n.t('removeButtonText');
  }

  /**
   * Generates remove button suffix text.
   *
   * @param {number} labelIndex - the index to include in the remove button label
   * @returns {string} translated remove button suffix text
   */
  removeButtonSuffixText(labelIndex) {
    return this.i18n.t('removeButtonSuffixText', {
      itemLabel: this.config.itemLabel.toLowerCase(),
      number: labelIndex
    });
  }

  /**
   * Sets remove button label content safely without using innerHTML.
   *
   * @param {HTMLButtonElement} $button
   * @param {number} labelIndex
   */
  setRemoveButtonContent($button, labelIndex) {
    const text = this.removeButtonText();
    const suffix = this.removeButtonSuffixText(labelIndex);
    if (this.config.layout === 'inline') {
      $button.textContent = `${text} `;
      const $hiddenSuffix = document.createElement('span');
      $hiddenSuffix.classList.add('govuk-visually-hidden');
      $hiddenSuffix.textContent = suffix;
      $button.appendChild($hiddenSuffix);
      return;
    }
    $button.textContent = `${text} ${suffix}`;
  }

  /**
   * Handles click events on the add button to create a new item and append it
   * to the list of items.
   *
   * @param {MouseEvent} event - Click event
   * @fires AddAnother#itemAdded
   */
  onAddButtonClick(event) {
    const $button = event.target;
    if (!$button || !($button instanceof HTMLButtonElement) || !$button.classList.contains(`${this.addButtonClass}`)) {
      return;
    }
    event.preventDefault();
    const $item = this.getNewItem();
    if (!$item || !($item instanceof DocumentFragment)) {
      return;
    }
    this.$itemsContainer.appendChild($item);
    this.updateAllItems();
    const $lastItem = this.$items[this.$items.length - 1];

    // Place focus on the added item
    if ($lastItem && $lastItem instanceof HTMLElement) {
      const $fieldset = $lastItem.querySelector(`.${this.fieldsetClass}`);
      if ($fieldset && $fieldset instanceof HTMLFieldSetElement) {
        this.addNewItemSuffix($fieldset);
        $fieldset.addEventListener('blur', () => {
          this.removeNewItemSuffix($fieldset);
        });
        emitEvent($lastItem, AddAnother, this.itemAddedEvent);
        setTimeout(() => {
          setFocus($fieldset);
        }, 100);
      }
    }
  }

  /**
   * Handles click events on remove buttons within items.
   *
   * @param {MouseEvent} event - Click event
   * @fires AddAnother#itemRemoved
   */
  onRemoveButtonClick(event) {
    var _$itemToRemove$previo;
    const $target = /** @type {Element} */event.target;
    const $button = $target.closest('button');
    if (!$button || !($button instanceof HTMLButtonElement) || !$button.classList.contains(`${this.removeButtonClass}`)) {
      return;
    }
    const $itemToRemove = $button.closest(`.${this.itemClass}`);
    if (!$itemToRemove || !($itemToRemove instanceof HTMLElement)) {
      return;
    }
    let $itemToFocus = (_$itemToRemove$previo = $itemToRemove.previousElementSibling) == null ? void 0 : _$itemToRemove$previo.querySelector(`.${this.fieldsetClass}`);

    // Should we get the next element?
    if (!$itemToFocus || !($itemToFocus instanceof HTMLFieldSetElement)) {
      var _$itemToRemove$nextEl;
      $itemToFocus = (_$itemToRemove$nextEl = $itemToRemove.nextElementSibling) == null ? void 0 : _$itemToRemove$nextEl.querySelector(`.${this.fieldsetClass}`);
    }
    // focus on root of component?
    // it needs an accessible name?
    if (!$itemToFocus || !($itemToFocus instanceof HTMLFieldSetElement)) {
      $itemToFocus = this.$root;
    }
    if ($itemToRemove.querySelector('.govuk-error-message')) {
      this.updateErrorSummary($itemToRemove);
    }
    $itemToRemove.remove();
    this.updateAllItems('remove');
    emitEvent(this.$root, AddAnother, this.itemRemovedEvent);
    if ($itemToFocus instanceof HTMLElement) {
      this.focusItemAfterRemoval($itemToFocus);
    }
  }

  /**
   * Moves focus to a neutral container before moving focus to the fieldset.
   * This helps VoiceOver refresh the fieldset accessible name after dynamic
   * legend updates when an item is removed.
   *
   * @param {HTMLElement} $itemToFocus
   */
  focusItemAfterRemoval($itemToFocus) {
    const $neutralTarget = this.$itemsContainer instanceof HTMLElement ? this.$itemsContainer : this.$root;
    if (!($neutralTarget instanceof HTMLElement) || $neutralTarget === $itemToFocus) {
      setFocus($itemToFocus);
      return;
    }
    setFocus($neutralTarget);
    const focusTargetItem = () => setFocus($itemToFocus);
    if (typeof requestAnimationFrame === 'function') {
      requestAnimationFrame(focusTargetItem);
    } else {
      setTimeout(focusTargetItem, 0);
    }
  }

  /**
   * Check if an item has a remove button.
   *
   * @param {Element | DocumentFragment} $item - Add another item
   * @returns {boolean}
   */
  hasRemoveButton($item) {
    return !!$item.querySelectorAll('.moj-add-another__remove-button').length;
  }

  /**
   * Checks if an element is a valid input element (input, select, or textarea).
   *
   * @param {Element} $input - the input to validate
   * @returns {$input is AddAnotherInputElement}
   */
  isValidInputElement($input) {
    return $input instanceof HTMLInputElement || $input instanceof HTMLSelectElement || $input instanceof HTMLTextAreaElement;
  }

  /**
   * Name for the component used when initialising using data-module attributes.
   */
}

/**
 * @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} AddAnotherInputElement
 */

/**
 * @typedef {"stacked"|"inline"} AddAnotherLayout
 */

/**
 * Add another config
 *
 * @typedef {object} AddAnotherConfig
 * @property {string} [itemLabel] - Label for each fieldset
 * @property {AddAnotherLayout} [layout] - layout style for fields
 * @property {AddAnotherTranslations} [i18n=AddAnother.defaults.i18n] - Add another translations
 */

/**
 * Add another translations
 *
 * @see {@link AddAnother.defaults.i18n}
 * @typedef {object} AddAnotherTranslations
 * @property {TranslationPluralForms} [itemLegendText] - Legend for the item.
 *   %{itemLabel} placeholder will be replaced with the AddAnother.config.itemLabel.
 *   %{number} and %{count} placeholders will be replaced with the correct numbers.
 *   This is a GOV.UK design system [pluralised list of
 *   messages](https://frontend.design-system.service.gov.uk/localise-govuk-frontend).
 * @property {string} [removeButtonText] - Label for the item remove buttons.
 * @property {string} [removeButtonSuffixText] - suffix for the item remove buttons.
 *   The `%{itemLabel}` placeholder will be replaced with the AddAnother.config.itemLabel.
 *   The `%{number}` placeholder will be replaced with the index of the item.
 * @property {string} [fieldLabelSuffixText] - hidden suffix for the field labels and legends.
 *   The `%{itemLabel}` placeholder will be replaced with the AddAnother.config.itemLabel.
 *   The `%{number}` placeholder will be replaced with the index of the item.
 * @property {string} [newItemSuffixText] - hidden suffix appended to a newly added item legend.
 */

/**
 * Template created event
 * Fired when a reusable item template is created.
 *
 * Event name: `moj-add-another:create-template`
 * Dispatched from: the created `<template>` element. (this.$itemTemplate)
 *
 * @event AddAnother#templateCreated
 * @type {CustomEvent<null>}
 */

/**
 * Item added event
 * Fired when a new item is added to the list of items.
 *
 * Event name: `moj-add-another:add-item`
 * Dispatched from: the newly added item element (bubbles to this.$root and document).
 *
 * @event AddAnother#itemAdded
 * @type {CustomEvent<null>}
 */

/**
 * Item removed event
 * Fired when an item is removed from the list of items.
 *
 * Event name: `moj-add-another:remove-item`
 * Dispatched from: the root element of the component. (this.$root)
 *
 * @event AddAnother#itemRemoved
 * @type {CustomEvent<null>}
 */

/**
 * Item reset event
 * Fired when an item is reset to its default state.
 *
 * Event name: `moj-add-another:reset-item`
 * Dispatched from: the item that was reset.
 *
 * @event AddAnother#itemReset
 * @type {CustomEvent<null>}
 */

/**
 * @import { Schema } from 'govuk-frontend/dist/govuk/common/configuration.mjs'
 * @import { TranslationPluralForms } from 'govuk-frontend/dist/govuk/i18n.mjs'
 */
AddAnother.moduleName = 'moj-add-another';
/**
 * Add another default config
 *
 * @type {AddAnotherConfig}
 */
AddAnother.defaults = Object.freeze({
  i18n: {
    removeButtonText: 'Remove',
    removeButtonSuffixText: '%{itemLabel} %{number}',
    fieldLabelSuffixText: 'for %{itemLabel} %{number}',
    newItemSuffixText: '(added)',
    itemLegendText: {
      one: '%{itemLabel} %{number}',
      other: '%{itemLabel} %{number} of %{count}'
    }
  },
  itemLabel: 'Item',
  layout: 'stacked'
});
/**
 * Date picker config schema
 *
 * @satisfies {Schema<AddAnotherConfig>}
 */
AddAnother.schema = Object.freeze(/** @type {const} */{
  properties: {
    i18n: {
      type: 'object'
    },
    itemLabel: {
      type: 'string'
    },
    layout: {
      type: 'string'
    }
  }
});

export { AddAnother };
