// Starts Swagger UI on /api/docs from a file of ours: the Content-Security-Policy allows no inline script.
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({url: root.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true});
})();
