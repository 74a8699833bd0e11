/* mkdocs-material's inline head script (partials/javascripts/base.html), as a file so the
 * Content-Security-Policy needs no 'unsafe-inline'. The theme wrote the site root into the
 * page as a relative URL; this file is at assets/, so the root is the folder above it. */
var __md_scope = new URL("..", document.currentScript.src);
var __md_hash = function (e) {
  return [...e].reduce((h, c) => (h << 5) - h + c.charCodeAt(0), 0);
};
var __md_get = function (e, store = localStorage, scope = __md_scope) {
  return JSON.parse(store.getItem(scope.pathname + "." + e));
};
var __md_set = function (e, value, store = localStorage, scope = __md_scope) {
  try {
    store.setItem(scope.pathname + "." + e, JSON.stringify(value));
  } catch (error) {
    /* storage full or blocked: the theme works without it */
  }
};
