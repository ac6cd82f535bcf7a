// Starts the MOJ Frontend components and the autocomplete on IMS's staff pages, as /assets/staff-init.js.
//
// Staff pages load it after init.js, which marks the page as supported and starts GOV.UK Frontend;
// module scripts run in document order, so that has happened when this one runs. The public portal
// never loads it.
//
// scripts/vendor-frontend.sh replaces each __…_VERSION__ with a hash of the copied file, so every
// import is cache-busted like any other asset URL, and the shared GOV.UK Frontend module is the same
// instance init.js imported.
import { createAll } from "./govuk-frontend.min.js?v=4e8b95d53d3c";
import { AddAnother } from "./moj-add-another.js?v=fe6090eeb760";
import { SortableTable } from "./moj-sortable-table.js?v=1223971c8b34";
import { FilterToggleButton } from "./moj-filter-toggle-button.js?v=db5f1cb7101e";

// Each component starts on the elements whose data-module names it: moj-add-another,
// moj-sortable-table, moj-filter.
createAll(AddAnother);
createAll(SortableTable);
createAll(FilterToggleButton);

// A <select data-module="ims-autocomplete"> becomes a type-ahead look-up when
// accessible-autocomplete.min.js (a classic script, loaded before this module) has defined it.
// Without JavaScript the select still submits the same value, so every form works either way.
const autocomplete = window.accessibleAutocomplete;
if (autocomplete) {
  for (const select of document.querySelectorAll('select[data-module="ims-autocomplete"]')) {
    autocomplete.enhanceSelectElement({ selectElement: select, defaultValue: "", showAllValues: true });
  }
}

// The reference tester on a fund's page (a GET form, data-module="ims-reference-tester") shows its
// result as the administrator types: it asks the address the form's button would and puts that
// page's result (#tester-output, a polite live region) in place of this one's. Without JavaScript
// the button does the same with a page load.
for (const form of document.querySelectorAll('form[data-module="ims-reference-tester"]')) {
  const input = form.querySelector('input[name="reference"]');
  let timer;
  let inFlight;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      inFlight?.abort();
      inFlight = new AbortController();
      const url = new URL(form.action);
      url.hash = "";
      url.searchParams.set("reference", input.value);
      try {
        const res = await fetch(url, { signal: inFlight.signal, headers: { Accept: "text/html" } });
        const page = new DOMParser().parseFromString(await res.text(), "text/html");
        const fresh = page.getElementById("tester-output");
        const old = document.getElementById("tester-output");
        if (fresh && old) {
          // The region's content changes, not the region, so screen readers announce it.
          old.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
        }
      } catch (err) {
        if (err.name !== "AbortError") {
          throw err;
        }
      }
    }, 250);
  });
}
