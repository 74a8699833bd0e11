// PA Tracker's record format for Decap CMS / Sveltia CMS: reads and writes YAML exactly
// as `patracker.emit.dump` does, so a save changes only the edited lines and the file
// validates. Decap's own YAML writer quotes keys such as "1.1", turns "0838547175" into a
// number and loses the order of nested fields; this format keeps every scalar as text
// (numbers and true/false only where the record already means them) and orders every
// object by the collection's field order (ORDER, written by `patracker cms-config`).
/* global CMS */
(function (root) {
  "use strict";
  var ORDER = {}; // @ORDER@
  var NAMES = {}; // @NAMES@
  var NAME_FIELDS = {}; // @NAME_FIELDS@

  var PLAIN = /^[^\s\-?:,[\]{}#&*!|>'"%@`~][^\n\t]*$/u;
  var RESERVED = ["null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"];

  function scalar(value) {
    if (value === null || value === undefined) return "null";
    if (value === true) return "true";
    if (value === false) return "false";
    if (typeof value === "number") return String(value);
    var text = String(value);
    if (
      PLAIN.test(text) &&
      text === text.trim() &&
      text.indexOf(": ") < 0 &&
      text.indexOf(" #") < 0 &&
      text.slice(-1) !== ":" &&
      RESERVED.indexOf(text) < 0
    ) {
      return text;
    }
    return JSON.stringify(text);
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function lines(value, indent) {
    var pad = " ".repeat(indent);
    var out = [];
    if (Array.isArray(value)) {
      value.forEach(function (item) {
        if (isObject(item) && Object.keys(item).length) {
          var body = lines(item, indent + 2);
          out.push(pad + "- " + body[0].replace(/^\s+/, ""));
          out = out.concat(body.slice(1));
        } else {
          out = out.concat(entry(pad + "-", item, indent));
        }
      });
    } else {
      Object.keys(value).forEach(function (k) {
        out = out.concat(entry(pad + scalar(k) + ":", value[k], indent));
      });
    }
    return out;
  }

  function entry(head, value, indent) {
    if ((isObject(value) && Object.keys(value).length) || (Array.isArray(value) && value.length)) {
      return [head].concat(lines(value, indent + 2));
    }
    if (isObject(value)) return [head + " {}"];
    if (Array.isArray(value)) return [head + " []"];
    if (typeof value === "string" && value.indexOf("\n") >= 0) {
      var body = value.replace(/\n+$/, "").split("\n").map(function (line) {
        return line ? " ".repeat(indent + 2) + line : "";
      });
      return [head + (value.slice(-1) === "\n" ? " |" : " |-")].concat(body);
    }
    return [head + " " + scalar(value)];
  }

  function dump(data) {
    return lines(data, 0).join("\n") + "\n";
  }

  // --- reading: the block YAML `dump` writes (and simple hand edits of it) -------------

  function plainValue(text) {
    if (text === "null" || text === "~" || text === "Null" || text === "NULL") return null;
    if (text === "true" || text === "True" || text === "TRUE") return true;
    if (text === "false" || text === "False" || text === "FALSE") return false;
    if (/^-?(0|[1-9][0-9]{0,14})$/.test(text)) return Number(text);
    return text;
  }

  function quoted(text, where) {
    if (text[0] === '"') return JSON.parse(text);
    if (text[0] === "'") return text.slice(1, -1).replace(/''/g, "'");
    throw new Error("unsupported YAML at line " + where);
  }

  function value(text, where) {
    text = text.replace(/\s+#.*$/, "").trim();
    if (text === "{}") return {};
    if (text === "[]") return [];
    if (text === "" || text === "~") return null;
    if (text[0] === '"' || text[0] === "'") return quoted(text, where);
    if (/^[[{&*!|>]/.test(text)) throw new Error("unsupported YAML at line " + where);
    return plainValue(text);
  }

  function splitKey(text, where) {
    var m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?:\s+(.*))?$/.exec(text);
    if (m) return [quoted(m[1], where), m[2] === undefined ? "" : m[2]];
    m = /^(.*?):(?:\s+(.*))?$/.exec(text);
    if (!m) throw new Error("expected 'key: value' at line " + where);
    return [m[1].trim(), m[2] === undefined ? "" : m[2]];
  }

  function parse(content) {
    var rows = content.replace(/\r\n?/g, "\n").split("\n");
    var pos = 0;

    function indentOf(line) {
      return line.length - line.replace(/^ +/, "").length;
    }

    function skip() {
      while (pos < rows.length && (/^\s*(#.*)?$/.test(rows[pos]) || rows[pos] === "---")) pos++;
    }

    function literal(header, column) {
      var keep = header === "|";
      var body = [];
      var width = null;
      while (pos < rows.length) {
        var line = rows[pos];
        if (line.trim() === "") {
          body.push("");
          pos++;
          continue;
        }
        var ind = indentOf(line);
        if (ind <= column) break;
        if (width === null) width = ind;
        if (ind < width) break;
        body.push(line.slice(width));
        pos++;
      }
      while (body.length && body[body.length - 1] === "") body.pop();
      return body.join("\n") + (keep ? "\n" : "");
    }

    function rest(text, column, where) {
      var t = text.replace(/\s+#.*$/, "").trim();
      if (t === "|" || t === "|-") return literal(t, column);
      if (t === "") {
        skip();
        if (pos < rows.length) {
          var ind = indentOf(rows[pos]);
          var next = rows[pos].trim();
          if (ind > column || (ind === column && next.slice(0, 2) === "- ") || (ind === column && next === "-")) {
            return block(ind);
          }
        }
        return null;
      }
      return value(text, where);
    }

    function block(column) {
      skip();
      var first = rows[pos].slice(column);
      if (first === "-" || first.slice(0, 2) === "- ") return sequence(column);
      return mapping(column);
    }

    function mapping(column) {
      var out = {};
      for (skip(); pos < rows.length; skip()) {
        var line = rows[pos];
        var ind = indentOf(line);
        if (ind < column) break;
        if (ind > column) throw new Error("unexpected indentation at line " + (pos + 1));
        var text = line.slice(column);
        if (text === "-" || text.slice(0, 2) === "- ") break;
        var where = pos + 1;
        var kv = splitKey(text, where);
        pos++;
        out[kv[0]] = rest(kv[1], column, where);
      }
      return out;
    }

    function sequence(column) {
      var out = [];
      for (skip(); pos < rows.length; skip()) {
        var line = rows[pos];
        if (indentOf(line) !== column) break;
        var text = line.slice(column);
        if (!(text === "-" || text.slice(0, 2) === "- ")) break;
        var where = pos + 1;
        var item = text.slice(2);
        var isMap =
          /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(\s|$)/.test(item) ||
          (!/^["'#]/.test(item) && /:(\s|$)/.test(item));
        if (isMap) {
          rows[pos] = " ".repeat(column + 2) + item; // the item's first key
          out.push(mapping(column + 2));
        } else {
          pos++;
          out.push(rest(item, column, where));
        }
      }
      return out;
    }

    skip();
    if (pos >= rows.length) return {};
    return block(0);
  }

  // --- order and empties ----------------------------------------------------------------

  function ordered(data, tree) {
    if (Array.isArray(data)) {
      return data.map(function (item) {
        return ordered(item, tree);
      });
    }
    if (!isObject(data)) return data;
    var names = (tree && tree.__order) || [];
    var keys = Object.keys(data);
    var known = names.filter(function (k) {
      return keys.indexOf(k) >= 0;
    });
    var rest = keys.filter(function (k) {
      return names.indexOf(k) < 0;
    });
    var out = {};
    known.concat(rest).forEach(function (k) {
      var v = ordered(data[k], tree && tree[k]);
      var empty =
        v === null || v === undefined || v === "" || (isObject(v) && !Object.keys(v).length);
      if (!empty) out[k] = v;
    });
    return out;
  }

  // Decap's collection filter compares one field with one value, and several record kinds
  // share a folder: each file's kind (from the fields only it has) is a field the
  // collections filter on, never written back.
  var KIND_FIELD = "record_kind";
  var KINDS = [
    ["evaluation", ["round", "part2"]],
    ["review", ["decision"]],
    ["induction", ["conduct"]],
    ["progress", ["entries"]],
    ["agreement", ["form", "part1"]],
    ["person", ["first_name"]],
  ];

  function kindOf(data) {
    for (var i = 0; i < KINDS.length; i++) {
      var has = KINDS[i][1].every(function (k) {
        return Object.prototype.hasOwnProperty.call(data, k);
      });
      if (has) return KINDS[i][0];
    }
    return "other";
  }

  // the people's names for the lists' labels (a summary sees only the entry's own
  // fields): added on reading, never written back, like the kind
  // (NAME_FIELDS, embedded by cms-config: id field → the name field added beside it)
  var DERIVED = [KIND_FIELD].concat(
    Object.keys(NAME_FIELDS).map(function (k) {
      return NAME_FIELDS[k];
    }),
  );

  // --- an existing file keeps its own key order ----------------------------------------
  // A file whose keys are in another order than the form's (hand edits, older tools) must
  // not be reordered by an edit of one field. The order read from each file is kept per
  // record identity (its path fields) and wins on writing; keys the file did not have go
  // where the form puts them.
  var IDENTITY = ["id", "person", "fiscal_year", "round", "member", "evaluation"];
  var READ = {};

  function identity(data) {
    return JSON.stringify(
      IDENTITY.map(function (k) {
        return data[k] === undefined ? null : data[k];
      })
    );
  }

  function orderOf(value) {
    if (!isObject(value)) return undefined;
    var tree = { __order: Object.keys(value) };
    Object.keys(value).forEach(function (k) {
      var sub = orderOf(value[k]);
      if (sub) tree[k] = sub;
    });
    return tree;
  }

  function mergeOrder(mine, form) {
    var out = mine.slice();
    form.forEach(function (key, at) {
      if (out.indexOf(key) >= 0) return;
      var before = -1;
      for (var i = at - 1; i >= 0 && before < 0; i--) before = out.indexOf(form[i]);
      out.splice(before + 1, 0, key);
    });
    return out;
  }

  function mergeTree(mine, form) {
    if (!mine) return form;
    if (!form) return mine;
    var tree = { __order: mergeOrder(mine.__order || [], form.__order || []) };
    tree.__order.forEach(function (k) {
      var sub = mergeTree(mine[k], form[k]);
      if (sub) tree[k] = sub;
    });
    return tree;
  }

  function fromFile(content) {
    var data = parse(content);
    if (!isObject(data)) return data;
    READ[identity(data)] = orderOf(data);
    data[KIND_FIELD] = kindOf(data);
    Object.keys(NAME_FIELDS).forEach(function (key) {
      if (typeof data[key] === "string") data[NAME_FIELDS[key]] = NAMES[data[key]] || data[key];
    });
    return data;
  }

  function treeFor(sortedKeys) {
    return ORDER[(sortedKeys || []).join(",")] || { __order: sortedKeys || [] };
  }

  function toFile(data, sortedKeys) {
    var copy = Object.assign({}, data);
    DERIVED.forEach(function (k) {
      delete copy[k];
    });
    return dump(ordered(copy, mergeTree(READ[identity(copy)], treeFor(sortedKeys))));
  }

  var format = { fromFile: fromFile, toFile: toFile };
  root.PatrackerFormat = {
    dump: dump,
    parse: parse,
    fromFile: fromFile,
    toFile: toFile,
    kindOf: kindOf,
    ORDER: ORDER,
    NAMES: NAMES,
    DERIVED: DERIVED,
  };
  if (root.CMS && root.CMS.registerCustomFormat) {
    root.CMS.registerCustomFormat("patracker-yaml", "yaml", format);
  }
  if (typeof module !== "undefined" && module.exports) module.exports = root.PatrackerFormat;
})(typeof window !== "undefined" ? window : globalThis);
