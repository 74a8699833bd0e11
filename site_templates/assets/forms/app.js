/* One form page: read the page's JSON (schemas and form data from the build), the query
   string (?person=…&fy=…&round=…&member=…&n=…&id=…) and the JSON file of the person the
   record belongs to (who they are, their committees, their locked paths and the current
   content of their editable records, by path); render the form, validate it with ajv
   against the same bundled schema patracker uses (and the form schema narrowed by the
   forms files), and only then produce the YAML. */
(function () {
  "use strict";
  var page = JSON.parse(document.getElementById("pa-form-data").textContent);
  var query = new URLSearchParams(location.search);
  var INTEGER_KEYS = { fy: 1, round: 1, n: 1 };
  var MAX_URL = 8000;  // characters of a GitHub link that still opens reliably
  var W = window.PAWidgets;

  function status(text) { document.getElementById("pa-form-status").textContent = text; }

  function fetchJSON(url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; }, function () { return null; });
  }

  /* A person's file (forms/people/<id>.json), fetched once; null when there is none. */
  var files = {};
  function personFile(id) {
    if (!id) return Promise.resolve(null);
    if (!files[id]) files[id] = fetchJSON("people/" + encodeURIComponent(id) + ".json");
    return files[id];
  }

  /* Whose file holds the record at path: the folder's person, or the application's. */
  function ownerOf(path, id, person) {
    if (path && path.indexOf("people/") === 0) return path.split("/")[1];
    return (page.applications && page.applications[id]) || person || null;
  }

  function positionLabel(who) { return page.position_labels[who.position] || who.position; }

  function fill(template, keys) {
    var missing = false;
    var out = template.replace(/\{(\w+)\}/g, function (_, k) {
      if (keys[k] === undefined || keys[k] === null || keys[k] === "") missing = true;
      return keys[k];
    });
    return missing ? null : out;
  }

  function queryKeys() {
    var keys = {};
    ["person", "fy", "round", "member", "n", "id"].forEach(function (k) {
      var v = query.get(k);
      if (v) keys[k] = INTEGER_KEYS[k] ? Number(v) : v;
    });
    if (page.path.indexOf("{fy}") >= 0 && !keys.fy) keys.fy = page.fiscal_year;
    if (page.path.indexOf("{round}") >= 0 && !keys.round) keys.round = page.round;
    return keys;
  }

  function isRealDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === text;
  }

  function compile(ajv, schema) {
    var copy = Object.assign({}, schema);
    delete copy.$id;  // the plain and the narrowed schema share an $id
    return ajv.compile(copy);
  }

  var MESSAGES = {
    required: function () { return "กรุณากรอกช่องนี้"; },
    type: function (e) { return "ชนิดข้อมูลไม่ถูกต้อง (ต้องเป็น " + e.params.type + ")"; },
    minLength: function (e) { return e.params.limit <= 1 ? "กรุณากรอกช่องนี้" : "อย่างน้อย " + e.params.limit + " ตัวอักษร"; },
    maxLength: function (e) { return "ไม่เกิน " + e.params.limit + " ตัวอักษร"; },
    pattern: function (e) { return "รูปแบบไม่ถูกต้อง" + (e.parentSchema.description ? " — " + e.parentSchema.description : ""); },
    format: function () { return "วันที่ไม่ถูกต้อง (ปปปป-ดด-วว แบบ ค.ศ.)"; },
    minimum: function (e) { return "ต้องไม่น้อยกว่า " + e.params.limit; },
    maximum: function (e) { return "ต้องไม่เกิน " + e.params.limit; },
    enum: function () { return "ต้องเลือกจากรายการ"; },
    const: function (e) { return "ค่าต้องเป็น " + e.params.allowedValue; },
    minItems: function (e) { return "ต้องมีอย่างน้อย " + e.params.limit + " รายการ"; },
    maxItems: function (e) { return "ไม่เกิน " + e.params.limit + " รายการ"; },
    minProperties: function (e) { return "กรอกอย่างน้อย " + e.params.limit + " ช่อง"; },
    uniqueItems: function () { return "รายการซ้ำกัน"; },
    additionalProperties: function (e) { return "มีช่องที่ไม่รู้จัก: " + e.params.additionalProperty; },
  };

  function thai(e) {
    var make = MESSAGES[e.keyword];
    return make ? make(e) : "ข้อมูลไม่ถูกต้อง (" + e.message + ")";
  }

  function pointerOf(e) {
    var p = e.instancePath;
    if (e.keyword === "required") p += "/" + e.params.missingProperty;
    return p;
  }

  /* The form for one record: build, validate, output. `shape` adapts record ↔ form data. */
  function run(schema, value, locked, extra, shape) {
    var holder = document.getElementById("pa-form");
    var form = new W.Form(schema, { locked: locked });
    var widget = form.widget(schema, "", value, true);
    if (form.sections.length) holder.appendChild(openAll(form));
    holder.appendChild(widget.el);
    var submit = W.el("button", { type: "submit", class: "md-button md-button--primary", id: "pa-submit" }, "ตรวจและสร้างไฟล์");
    holder.appendChild(submit);
    var summary = window.PASummary.attach(holder, form);
    var ajv = new window.Ajv2020({ allErrors: true, strict: false, verbose: true });
    ajv.addFormat("date", { type: "string", validate: isRealDate });
    var checks = [compile(ajv, page.schema), compile(ajv, schema)];
    var update = extra && extra(holder, summary.extra);
    var refresh = function () { summary.update(); if (update) update(widget.read() || {}); };
    holder.addEventListener("input", refresh);
    holder.addEventListener("change", refresh);
    form.onchange = refresh;
    refresh();
    // a new form opens at its first section still to fill in; an edited one stays closed
    var todo = form.sections.filter(function (s) { return !s.details.classList.contains("pa-complete"); })[0];
    if (todo && !started) todo.details.open = true;
    holder.addEventListener("submit", function (event) {
      event.preventDefault();
      var shown = widget.read() || {};
      var record = shape ? shape.toRecord(shown) : shown;
      form.clearErrors();
      var errors = [];
      [[checks[0], record, true], [checks[1], shown, false]].forEach(function (c) {
        if (!c[0](c[1])) c[0].errors.forEach(function (e) {
          var p = pointerOf(e);
          errors.push([c[2] && shape ? shape.toForm(p) : p, thai(e)]);
        });
      });
      var seen = {};
      errors.forEach(function (x) {
        if (seen[x[0] + x[1]]) return;
        seen[x[0] + x[1]] = 1;
        form.showError(x[0], x[1]);
      });
      if (errors.length) {
        document.getElementById("pa-form-output").hidden = true;
        status("ยังสร้างไฟล์ไม่ได้: พบข้อผิดพลาด " + Object.keys(seen).length + " รายการ (ดูข้อความสีแดงใต้ช่อง)");
        var first = holder.querySelector(".pa-invalid");
        if (first) first.scrollIntoView({ block: "center" });
        return;
      }
      output(record);
    });
  }

  /* The button that opens (or closes) every section at once. */
  function openAll(form) {
    var button = W.el("button", { type: "button", class: "md-button pa-open-all", "data-pa": "open-all" }, "เปิดทุกหัวข้อ");
    var open = false;
    button.addEventListener("click", function () {
      open = !open;
      form.openAll(open);
      button.textContent = open ? "ปิดทุกหัวข้อ" : "เปิดทุกหัวข้อ";
    });
    return button;
  }

  /* Fields the form's author may not set (the access policy, schema "x-kept") are written
     as they stand in the record the form started from, or as the schema's default when
     the record is new; top-level keys in the bundled schema's order, as emit.dump writes. */
  function withKept(record, kept, existing) {
    var names = Object.keys(kept || {});
    if (!names.length) return record;
    var full = Object.assign({}, record);
    names.forEach(function (k) {
      if (existing && existing[k] !== undefined) full[k] = existing[k];
      else if (kept[k] !== null) full[k] = kept[k];
    });
    var out = {};
    Object.keys(page.schema.properties).forEach(function (k) { if (full[k] !== undefined) out[k] = full[k]; });
    Object.keys(full).forEach(function (k) { if (!(k in out)) out[k] = full[k]; });
    return out;
  }

  function keysOf(record) {
    var keys = queryKeys();
    page.identity.forEach(function (pair) { if (record[pair[0]] !== undefined) keys[pair[1]] = record[pair[0]]; });
    return keys;
  }

  var LOCKED = {
    final: "ผลการประเมินนี้ยืนยันแล้ว (final) แก้ไขไม่ได้ การแก้ไขต้องทำเป็นบันทึกแก้ไขผล (amendment) ผ่านเจ้าหน้าที่",
    past: "ข้อมูลของปีงบประมาณที่ผ่านมานานแล้ว แก้ไขผ่านแบบฟอร์มไม่ได้ ติดต่อเจ้าหน้าที่",
  };
  var started = null;  // path of the record the form started from, if any

  /* True (and says why) when the record at path may not be written by a form: its owner's
     file lists it as locked. */
  function refused(owner, path) {
    var reason = owner && path && owner.locked[path];
    if (reason) status(LOCKED[reason] || reason);
    return Boolean(reason);
  }

  function output(record) {
    var text = window.PAYaml.dump(record);
    var path = fill(page.path, keysOf(record));
    var hide = function () { document.getElementById("pa-form-output").hidden = true; };
    personFile(ownerOf(path, record.id, record.person)).then(function (owner) {
      if (refused(owner, path)) return hide();
      var existing = Boolean((owner && owner.records[path]) || (page.applications && page.applications[record.id]));
      if (page.kind === "application" && existing && path !== started) {
        status("เลขที่คำขอ " + record.id + " มีอยู่แล้ว กรุณาใช้เลขอื่น");
        return hide();
      }
      var file = "records/" + path;
      var folder = file.split("/").slice(0, -1).join("/");
      var branch = encodeURIComponent(page.branch || "main");
      status("ข้อมูลถูกต้อง สร้างไฟล์แล้ว");
      document.getElementById("pa-out-path").textContent = file;
      document.getElementById("pa-out-yaml").textContent = text;
      var github = document.getElementById("pa-out-github");
      if (!page.repository) github.hidden = true;
      else if (existing) {
        // GitHub's upload page for the file's folder: the downloaded file replaces the old one
        github.href = "https://github.com/" + page.repository + "/upload/" + branch + "/" + folder;
        github.textContent = "ขั้นที่ 2: อัปโหลดไฟล์ที่ดาวน์โหลดไว้ไปแทนไฟล์เดิมบน GitHub";
      } else {
        var base = "https://github.com/" + page.repository + "/new/" + branch + "?filename=" + encodeURIComponent(file);
        var full = base + "&value=" + encodeURIComponent(text);
        // Thai text triples in a URL; past MAX_URL GitHub answers 414, so a long file (a PA 1)
        // is downloaded and uploaded on GitHub's upload page for its folder: no copy-paste
        if (full.length <= MAX_URL) {
          github.href = full;
          github.textContent = "ส่งข้อมูลผ่าน GitHub";
        } else {
          github.href = "https://github.com/" + page.repository + "/upload/" + branch + "/" + folder;
          github.textContent = "ขั้นที่ 2: อัปโหลดไฟล์ที่ดาวน์โหลดไว้บน GitHub";
        }
      }
      var blob = new Blob([text], { type: "application/x-yaml;charset=utf-8" });
      var download = document.getElementById("pa-out-download");
      download.href = URL.createObjectURL(blob);
      download.setAttribute("download", path.split("/").pop());
      document.getElementById("pa-form-output").hidden = false;
      document.getElementById("pa-form-output").scrollIntoView();
    });
  }

  document.getElementById("pa-out-copy").addEventListener("click", function () {
    var text = document.getElementById("pa-out-yaml").textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { status("คัดลอกแล้ว"); });
  });

  /* Committee members of the person as the choices of the member field. */
  function memberChoices(schema, person, key) {
    var members = (person && page.committees[person.committees[key]]) || [];
    var out = JSON.parse(JSON.stringify(schema));
    var labels = {};
    var roles = { chair: "ประธาน", member: "กรรมการ" };  // the role as readers say it, not its key
    members.forEach(function (m) { labels[m.id] = m.name + " (" + (roles[m.role] || m.role) + ")"; });
    out.properties.member = Object.assign({}, out.properties.member, {
      enum: members.map(function (m) { return m.id; }), "x-labels": labels });
    return out;
  }

  /* Ids shown by name: the person the form is about, the member from their committee. */
  function named(schema, person) {
    if (!person) return schema;
    var out = JSON.parse(JSON.stringify(schema));
    var label = function (key, id, name) {
      if (out.properties[key] && name) out.properties[key]["x-labels"] = Object.assign({}, out.properties[key]["x-labels"], (function () { var o = {}; o[id] = name; return o; })());
    };
    label("person", person.id, person.name);
    Object.keys(person.committees || {}).forEach(function (k) {
      (page.committees && page.committees[person.committees[k]] || []).forEach(function (m) {
        if (query.get("member") === m.id) label("member", m.id, m.name);
      });
    });
    return out;
  }

  function lockedFrom(keys) {
    var locked = {};
    page.identity.forEach(function (pair) {
      if (keys[pair[1]] !== undefined && !(page.kind === "person" && !query.get("person")))
        locked["/" + pair[0]] = keys[pair[1]];
    });
    return locked;
  }

  function application(existing, keys) {
    var flow = page.workflow, history = existing ? existing.history : [];
    var current = history.length ? history[history.length - 1].status : null;
    var allowed = current ? flow.statuses[current].next : flow.start;
    if (!allowed.length) { status("คำขอนี้สิ้นสุดแล้ว (" + flow.statuses[current].title + ") เปลี่ยนสถานะต่อไม่ได้"); return; }
    var entry = JSON.parse(JSON.stringify(page.schema.properties.history.items));
    var labels = {};
    allowed.forEach(function (s) { labels[s] = flow.statuses[s].title; });
    entry.title = "สถานะใหม่" + (current ? " (ปัจจุบัน: " + flow.statuses[current].title + ")" : "");
    entry.properties.status = Object.assign({}, entry.properties.status, { enum: allowed, "x-labels": labels });
    var reasons = allowed.filter(function (s) { return flow.statuses[s].needs_reason; });
    if (reasons.length) entry.allOf = [{ if: { properties: { status: { enum: reasons } }, required: ["status"] }, then: { required: ["reason"] } }];
    var shown = JSON.parse(JSON.stringify(page.schema));
    delete shown.properties.history;
    shown.properties.entry = entry;
    shown.required = ["id", "person", "standing", "entry"];
    var locked = {};
    if (existing) ["id", "person", "standing"].forEach(function (k) { locked["/" + k] = existing[k]; });
    else if (keys.person) locked["/person"] = keys.person;
    var last = history.length;
    var shape = {
      toRecord: function (d) {
        return { id: d.id, person: d.person, standing: d.standing, history: history.concat([d.entry || {}]) };
      },
      toForm: function (p) { return p.replace(new RegExp("^/history/" + last + "(?=/|$)"), "/entry"); },
    };
    run(shown, {}, locked, null, shape);
  }

  function start() {
    var keys = queryKeys();
    var path = fill(page.path, keys);
    var personId = ownerOf(path, keys.id, keys.person);
    personFile(personId).then(function (person) {
      if (refused(person, path)) return;
      if (personId && !person) { status("ไม่พบบุคคลรหัส " + personId); return; }
      var existing = (person && path && person.records[path]) || null;
      if (existing) started = path;
      if (page.kind === "application") {
        if (person) status(person.name + (existing ? " · คำขอ " + existing.id : " · คำขอใหม่"));
        return application(existing, keys);
      }
      // ?as=<role>: the form of a role the policy lets change only some fields of an
      // existing record (a director approving a PA 1); the rest is kept as it stands
      var set = page.variants, role = query.get("as");
      if (role) {
        if (!(page.roles || {})[role]) { status("ลิงก์ไม่ถูกต้อง: ไม่มีแบบฟอร์มนี้สำหรับผู้พิจารณา"); return; }
        if (!existing) { status("ยังไม่มีข้อมูลให้พิจารณา"); return; }
        set = page.roles[role];
      }
      var variant = set["*"];
      if (!variant) {
        var formId = person ? page.form_of_position[person.position] : null;
        if (!formId) { status(person ? "ตำแหน่ง " + positionLabel(person) + " ไม่ต้องจัดทำ PA (ครูผู้ช่วยใช้แบบ ว26)" : "ระบุบุคคลในลิงก์ เช่น ?person=รหัสบุคคล"); return; }
        variant = set[formId];
      }
      if (variant.properties.member && !keys.member)
        variant = memberChoices(variant, person, page.kind === "induction" ? "induction" : String(keys.fy));
      var heading = person ? person.name + " · " + positionLabel(person) : "";
      if (existing) heading += " · แก้ไขจากข้อมูลเดิม";
      status(heading);
      var extra = null;
      if (page.kind === "evaluation") {
        var codes = variant.properties.part1.required;
        extra = function (holder, box) { return window.PAScore.attach(holder, page.scoring, codes, person.standing, box); };
      }
      if (page.kind === "induction" && page.induction)
        extra = function (holder, box) { return window.PAScore.induction(box, page.induction, keys.n); };
      variant = named(variant, person);
      var kept = variant["x-kept"];
      var shape = kept ? { toRecord: function (d) { return withKept(d, kept, existing); }, toForm: function (p) { return p; } } : null;
      run(variant, existing || {}, lockedFrom(keys), extra, shape);
    });
  }

  start();
})();
