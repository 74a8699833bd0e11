/* Form fields from a JSON Schema: one widget per schema node, Thai label and help from the
   schema's title and description, an error line under each field. A widget reads its
   value back as record data (undefined = leave the field out). */
(function () {
  "use strict";
  var BAD = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The schema at node, $refs followed, the referring node's own title/description kept. */
  function resolve(node, root) {
    var out = {}, seen = 0;
    while (node && node.$ref && seen++ < 16) {
      Object.keys(node).forEach(function (k) { if (k !== "$ref" && !(k in out)) out[k] = node[k]; });
      node = node.$ref.replace(/^#\//, "").split("/").reduce(function (t, p) { return t[p]; }, root);
    }
    Object.keys(node || {}).forEach(function (k) { if (!(k in out)) out[k] = node[k]; });
    return out;
  }

  function clean(text, multiline) {
    var value = String(text).replace(/\r\n?/g, "\n").replace(BAD, "").normalize("NFC");
    return multiline ? value.replace(/[ \t]+$/gm, "").trim() : value.trim();
  }

  function Form(root, opts) {
    this.root = root;
    this.opts = opts || {};
    this.errors = {};   // JSON pointer → error line
    this.aliases = {};  // pointer in the data read → pointer of its widget (after removals)
    this.helps = {};    // help text → id of the element that shows it first
    this.sections = []; // collapsible groups: {pointer, details, state}
    this.onchange = function () {};
  }

  /* A help line once per text: a PA 1 repeats the same three hints for each of its 15
     indicators; later fields point at the first one (aria-describedby) instead of
     repeating it, which alone saved a fifth of the form's height on a phone. */
  Form.prototype.help = function (text, box, control) {
    if (!text) return;
    var id = this.helps[text];
    if (!id) {
      id = "h" + Object.keys(this.helps).length;
      this.helps[text] = id;
      box.appendChild(el("small", { class: "pa-help", id: id }, text));
    }
    if (control) control.setAttribute("aria-describedby", id);
  };

  Form.prototype.label = function (node, pointer, box, control, plain) {
    var id = "f" + pointer.replace(/[^A-Za-z0-9]/g, "_");
    var label = el("label", { for: id, class: "pa-label" }, node.title || pointer.split("/").pop());
    box.appendChild(label);
    if (!plain) this.help(node.description, box, control);
    control.id = id;
    box.appendChild(control);
    this.errorLine(pointer, box);
  };

  Form.prototype.errorLine = function (pointer, box) {
    var line = el("div", { class: "pa-error", "data-pointer": pointer, "aria-live": "polite" });
    box.appendChild(line);
    this.errors[pointer] = line;
  };

  /* A widget for `node` at `pointer`, filled with `value`. */
  Form.prototype.widget = function (raw, pointer, value, required) {
    var node = resolve(raw, this.root);
    var made = this.make(node, pointer, value, required);
    if (made.control && required && made.control.type !== "checkbox") {
      made.control.setAttribute("data-required", "");
      made.control.setAttribute("aria-required", "true");
    }
    return made;
  };

  Form.prototype.make = function (node, pointer, value, required) {
    var locked = this.opts.locked && pointer in this.opts.locked;
    if (locked) value = this.opts.locked[pointer];
    if ("const" in node) return this.fixed(node, pointer, node.const);
    if (locked) return this.fixed(node, pointer, value);
    var type = Array.isArray(node.type) ? node.type[0] : node.type;
    if (type === "object") return this.object(node, pointer, value || {}, required);
    if (type === "array") return this.array(node, pointer, value || [], required);
    if (node.enum || node["x-labels"] || (type === "integer" && node.maximum - node.minimum <= 10))
      return this.choice(node, pointer, value, type);
    if (type === "boolean") return this.boolean(node, pointer, value);
    return this.input(node, pointer, value, type);
  };

  Form.prototype.fixed = function (node, pointer, value) {
    var box = el("div", { class: "pa-field pa-fixed" });
    var shown = (node["x-labels"] || {})[value] || value;
    this.label(node, pointer, box, el("output", {}, String(shown)), true);  // fixed: no hint
    return { el: box, read: function () { return value; } };
  };

  /* Fields inside an optional group are not counted as still to fill in. */
  function optional(box) {
    box.querySelectorAll("[data-required]").forEach(function (c) {
      c.removeAttribute("data-required");
      c.removeAttribute("aria-required");
    });
  }

  Form.prototype.object = function (node, pointer, value, required) {
    var self = this, box = el("fieldset", { class: "pa-object" }), parts = [];
    if (pointer) box.appendChild(el("legend", {}, node.title || ""));
    if (pointer) this.help(node.description, box);
    this.errorLine(pointer, box);
    var needed = node.required || [];
    Object.keys(node.properties || {}).forEach(function (key) {
      if (self.opts.skip && self.opts.skip(pointer + "/" + key)) return;
      var child = self.widget(node.properties[key], pointer + "/" + key, value[key], needed.indexOf(key) >= 0);
      if (pointer && !required) optional(child.el);
      var title = resolve(node.properties[key], self.root).title || key;
      box.appendChild(node["x-collapse"] ? self.section(child.el, pointer + "/" + key, title, false, key) : child.el);
      parts.push([key, child]);
    });
    return {
      el: box,
      read: function () {
        var out = {};
        parts.forEach(function (p) { var v = p[1].read(); if (v !== undefined) out[p[0]] = v; });
        return Object.keys(out).length || required ? out : undefined;
      },
    };
  };

  Form.prototype.array = function (node, pointer, value, required) {
    var self = this, box = el("fieldset", { class: "pa-array" }), items = [];
    var fixed = node.minItems !== undefined && node.minItems === node.maxItems;
    box.appendChild(el("legend", {}, node.title || ""));
    if (node.description) box.appendChild(el("small", { class: "pa-help" }, node.description));
    this.errorLine(pointer, box);
    var list = el("div", { class: "pa-items" });
    box.appendChild(list);
    var itemTitle = resolve(node.items, this.root).title || "รายการ";
    function add(v) {
      var index = items.length;
      var child = self.widget(node.items, pointer + "/" + index, v, true);
      if (!required) optional(child.el);
      child.pointer = pointer + "/" + index;
      var row = el("div", { class: "pa-item" });
      var title = itemTitle + (fixed ? " ข้อ " + (index + 1) : "");
      row.appendChild(node["x-collapse"] ? self.section(child.el, child.pointer, title, v === undefined && !fixed, title) : child.el);
      if (!fixed) {
        var remove = el("button", { type: "button", class: "md-button pa-remove" }, "ลบ" + itemTitle);
        remove.addEventListener("click", function () { row.remove(); items[index] = null; self.onchange(); });
        row.appendChild(remove);
      }
      list.appendChild(row);
      items.push(child);
    }
    var count = Math.max(value.length, node.minItems || 0);
    for (var i = 0; i < count; i++) add(value[i]);
    if (!fixed) {
      var more = el("button", { type: "button", class: "md-button pa-add" }, "เพิ่ม" + itemTitle);
      more.addEventListener("click", function () { add(undefined); self.onchange(); });
      box.appendChild(more);
    }
    return {
      el: box,
      read: function () {
        var live = items.filter(Boolean);
        live.forEach(function (c, i) { self.aliases[pointer + "/" + i] = c.pointer; });
        var out = live.map(function (c) { var v = c.read(); return v === undefined ? {} : v; });
        return out.length || required ? out : undefined;
      },
    };
  };

  Form.prototype.choice = function (node, pointer, value, type) {
    var box = el("div", { class: "pa-field" }), select = el("select", {});
    var labels = node["x-labels"] || {};
    var values = node.enum || Object.keys(labels);
    if (!node.enum && type === "integer" && !Object.keys(labels).length)
      for (var n = node.minimum; n <= node.maximum; n++) values.push(n);
    select.appendChild(el("option", { value: "" }, "— เลือก —"));
    values.forEach(function (v) {
      var option = el("option", { value: String(v) }, labels[v] ? labels[v] : String(v));
      if (value !== undefined && String(value) === String(v)) option.selected = true;
      select.appendChild(option);
    });
    this.label(node, pointer, box, select);
    return {
      el: box,
      control: select,
      read: function () {
        if (select.value === "") return undefined;
        return type === "integer" || type === "number" ? Number(select.value) : select.value;
      },
    };
  };

  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];

  /* The date in the Thai Buddhist Era beside the date input (the file keeps ISO). */
  function beDate(box, control) {
    var shown = el("span", { class: "pa-be-date" });
    control.insertAdjacentElement("afterend", shown);
    var show = function () {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(control.value);
      shown.textContent = m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " พ.ศ. " + (Number(m[1]) + 543) : "";
    };
    control.addEventListener("input", show);
    control.addEventListener("change", show);
    show();
  }

  /* A group the reader opens and closes (each PA 1 indicator): its title and whether it is
     complete stay visible, so a phone shows a short list instead of a 10,000-px page. */
  Form.prototype.section = function (content, pointer, title, open, short) {
    var details = el("details", { class: "pa-section", "data-section": pointer });
    var summary = el("summary", {}, title);
    var state = el("span", { class: "pa-section-state" });
    summary.appendChild(state);
    details.appendChild(summary);
    details.appendChild(content);
    if (open) details.open = true;
    var self = this, index = this.sections.length;
    var next = el("button", { type: "button", class: "md-button pa-next-section" }, "เสร็จหัวข้อนี้ ไปหัวข้อถัดไป");
    next.addEventListener("click", function () {
      details.open = false;
      var after = self.sections.slice(index + 1).filter(function (s) { return s.details.isConnected; })[0];
      if (after) { after.details.open = true; after.details.scrollIntoView({ block: "start" }); }
      else summary.scrollIntoView({ block: "start" });
    });
    details.appendChild(next);
    this.sections.push({ pointer: pointer, details: details, state: state, title: title, short: short });
    return details;
  };

  /* Open every section, or close them all (a long form read on a computer, or printed). */
  Form.prototype.openAll = function (open) {
    this.sections.forEach(function (s) { s.details.open = open; });
  };

  /* Text areas start two lines tall and grow with what is typed (CSS field-sizing where the
     browser has it; otherwise the height follows scrollHeight, set through the CSSOM,
     which the page's content policy allows). */
  var SIZES_ITSELF = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
  function grow(area) {
    if (SIZES_ITSELF) return area;
    var fit = function () { area.style.height = "auto"; area.style.height = area.scrollHeight + 2 + "px"; };
    area.addEventListener("input", fit);
    setTimeout(fit, 0);
    return area;
  }

  Form.prototype.boolean = function (node, pointer, value) {
    var box = el("div", { class: "pa-field pa-check" }), box2 = el("input", { type: "checkbox" });
    box2.checked = value === true;
    this.label(node, pointer, box, box2);
    return { el: box, control: box2, read: function () { return box2.checked; } };
  };

  Form.prototype.input = function (node, pointer, value, type) {
    var box = el("div", { class: "pa-field" }), control;
    var long = type === "string" && (node.maxLength || 0) > 200;
    if (long) control = grow(el("textarea", { rows: "2", class: "pa-grow" }));
    else if (node.format === "date") control = el("input", { type: "date" });
    else if (type === "number" || type === "integer")
      control = el("input", { type: "number", step: type === "integer" ? "1" : "any" });
    else control = el("input", { type: "text" });
    if (value !== undefined && value !== null) control.value = String(value);
    this.label(node, pointer, box, control);
    if (node.format === "date") beDate(box, control);
    return {
      el: box,
      control: control,
      read: function () {
        var text = clean(control.value, long);
        if (text === "") return undefined;
        if (type === "number" || type === "integer") return isNaN(Number(text)) ? text : Number(text);
        return text;
      },
    };
  };

  Form.prototype.clearErrors = function () {
    var errors = this.errors;
    Object.keys(errors).forEach(function (p) {
      errors[p].textContent = "";
      errors[p].parentNode.classList.remove("pa-invalid");
    });
  };

  /* Put a message on the field at pointer, or the nearest field above it. */
  Form.prototype.showError = function (pointer, message) {
    var aliases = this.aliases;
    var p = pointer.split("/").slice(1).reduce(function (cur, part) {
      var next = cur + "/" + part;
      return aliases[next] || next;
    }, "");
    while (!(p in this.errors) && p) p = p.slice(0, p.lastIndexOf("/"));
    var line = this.errors[p];
    if (!line) return null;
    line.textContent = line.textContent ? line.textContent + " · " + message : message;
    line.parentNode.classList.add("pa-invalid");
    for (var up = line.parentNode; up; up = up.parentNode) if (up.tagName === "DETAILS") up.open = true;
    return line;
  };

  window.PAWidgets = { Form: Form, resolve: resolve, el: el };
})();
