// Starts GOV.UK Frontend's JavaScript on every IMS page, as /assets/init.js.
//
// GOV.UK's page template does this with an inline <script>, which our Content-Security-Policy forbids,
// so it lives in this external module instead. A browser that runs a module supports what GOV.UK
// Frontend needs, so the "supported" class can be set unconditionally; initAll checks for it.
//
// scripts/vendor-frontend.sh replaces 4e8b95d53d3c with a hash of the copied library so
// the import is cache-busted like every other asset URL.
import { initAll } from "./govuk-frontend.min.js?v=4e8b95d53d3c";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
