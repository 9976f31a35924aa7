// Starts Swagger UI on /api/v1/docs/ (templates/api/docs.html), from a file rather than an
// inline script, which the CSP refuses. Read-only API: "Try it out" sends GET requests only.
"use strict";

const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.schemaUrl,
  domNode: root,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  // Deep links put an <a> inside each operation's toggle <button>: nested interactive
  // controls (axe nested-interactive), which screen readers cannot reach.
  deepLinking: false,
  // The default validator is validator.swagger.io: no request may leave the site.
  validatorUrl: null,
  supportedSubmitMethods: ["get", "head"],
});

// Swagger UI's markup, made accessible (tests/browser/test_every_page_browser.py runs axe-core):
// its headings skip a level (<h3> right under its <h1>), and the API's title and
// description sit outside any landmark. Attributes only: React keeps rendering these nodes.
function fixLandmarksAndHeadings() {
  for (const info of root.querySelectorAll(".information-container:not([role])")) {
    info.setAttribute("role", "region");
    info.setAttribute("aria-label", document.title);
  }
  // Every heading under the <h1> one level up: h3 → 2, h4 → 3…, keeping their order.
  for (const heading of root.querySelectorAll(":is(h3, h4, h5, h6):not([aria-level])")) {
    heading.setAttribute("aria-level", String(Number(heading.tagName[1]) - 1));
  }
}
new MutationObserver(fixLandmarksAndHeadings).observe(root, { childList: true, subtree: true });
