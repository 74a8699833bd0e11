/* YAML text exactly as PA Tracker's loader accepts it: the rules of generator/patracker/emit.py.
   Block style, plain scalars where the strict loader reads them back unchanged, JSON-style
   double quotes otherwise; no anchors, no tags. The loader types plain scalars by schema. */
(function () {
  "use strict";
  var PLAIN = /^[^\s\-?:,\[\]{}#&*!|>'"%@`~][^\n\t]*$/u;
  var RESERVED = ["null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"];

  function scalar(value) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    var text = String(value);
    var plain = PLAIN.test(text) && text === text.trim() && text.indexOf(": ") < 0 &&
      text.indexOf(" #") < 0 && text.slice(-1) !== ":" && RESERVED.indexOf(text) < 0;
    return plain ? text : JSON.stringify(text);
  }

  function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isEmpty(v) { return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0; }

  function lines(value, indent) {
    var pad = " ".repeat(indent), out = [];
    if (Array.isArray(value)) {
      value.forEach(function (item) {
        if (isMap(item) && !isEmpty(item)) {
          var inner = lines(item, indent + 2);
          out.push(pad + "- " + inner[0].trimStart());
          out.push.apply(out, inner.slice(1));
        } else {
          out.push.apply(out, entry(pad + "-", item, indent));
        }
      });
    } else {
      Object.keys(value).forEach(function (key) {
        out.push.apply(out, entry(pad + scalar(key) + ":", value[key], indent));
      });
    }
    return out;
  }

  function entry(head, value, indent) {
    if (value !== null && typeof value === "object") {
      if (!isEmpty(value)) return [head].concat(lines(value, indent + 2));
      return [head + " " + (Array.isArray(value) ? "[]" : "{}")];
    }
    if (typeof value === "string" && value.indexOf("\n") >= 0) {
      var pad = " ".repeat(indent + 2);
      var body = value.replace(/\n+$/, "").split("\n").map(function (l) { return l ? pad + l : ""; });
      return [head + (/\n$/.test(value) ? " |" : " |-")].concat(body);
    }
    return [head + " " + scalar(value)];
  }

  window.PAYaml = {
    dump: function (data) { return lines(data, 0).join("\n") + "\n"; },
    scalar: scalar,
  };
})();
