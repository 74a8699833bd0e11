/* mkdocs-material's inline script after the content (partials/javascripts/content.html),
 * as a file for the Content-Security-Policy: open the content tab named in the URL. */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
