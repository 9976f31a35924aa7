// Starts Swagger UI on /api/v1/docs/ (templates/api/docs.html), from a file rather than an
// inline script, which the CSP refuses. Read-only API: "Try it out" sends GET requests only.
"use strict";

const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.schemaUrl,
  domNode: root,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  deepLinking: true,
  // The default validator is validator.swagger.io: no request may leave the site.
  validatorUrl: null,
  supportedSubmitMethods: ["get", "head"],
});
