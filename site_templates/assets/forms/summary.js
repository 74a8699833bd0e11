/* The running summary at the foot of every form, kept in view on a phone (sticky): how many
   of the fields to fill in are filled, which sections are complete, a button to the next
   empty one; an evaluation form adds its score there (pa2.js). What counts as "to fill in"
   is what the schema requires (widgets.js marks those fields data-required), so a form
   added in schemas/ gets its summary without code. */
(function () {
  "use strict";
  var W = window.PAWidgets;

  function empty(control) { return String(control.value).trim() === ""; }

  /* The footer under `holder` for `form` (a PAWidgets.Form); returns update(). */
  function attach(holder, form) {
    var box = W.el("div", { class: "pa-summary", "data-pa": "summary", role: "status" });
    var fields = W.el("p", { class: "pa-summary-fields", "data-pa": "fields" });
    var sections = W.el("p", { class: "pa-summary-sections", "data-pa": "sections" });
    var go = W.el("button", { type: "button", class: "md-button pa-summary-go" }, "ไปช่องที่ยังว่าง");
    var extra = W.el("div", { class: "pa-summary-extra" });
    box.appendChild(extra);
    box.appendChild(fields);
    box.appendChild(sections);
    box.appendChild(go);
    holder.appendChild(box);
    var firstEmpty = null;
    go.addEventListener("click", function () {
      if (!firstEmpty) return;
      for (var up = firstEmpty.parentNode; up; up = up.parentNode) if (up.tagName === "DETAILS") up.open = true;
      firstEmpty.scrollIntoView({ block: "center" });
      firstEmpty.focus();
    });

    function update() {
      var needed = Array.prototype.slice.call(holder.querySelectorAll("[data-required]"));
      var missing = needed.filter(empty);
      firstEmpty = missing[0] || null;
      box.dataset.required = String(needed.length);
      box.dataset.missing = String(missing.length);
      fields.textContent = missing.length
        ? "กรอกแล้ว " + (needed.length - missing.length) + " จาก " + needed.length + " ช่องที่ต้องกรอก"
        : "กรอกครบทุกช่องที่ต้องกรอกแล้ว (" + needed.length + " ช่อง) กด “ตรวจและสร้างไฟล์” ได้";
      go.hidden = !missing.length;
      var live = form.sections.filter(function (s) { return s.details.isConnected; });
      var todo = [];
      live.forEach(function (s) {
        var left = Array.prototype.filter.call(s.details.querySelectorAll("[data-required]"), empty).length;
        s.state.textContent = left ? " · ยังว่าง " + left + " ช่อง" : " · ครบ";
        s.details.classList.toggle("pa-complete", !left);
        if (left) todo.push(s.short);
      });
      sections.hidden = !live.length;
      box.dataset.sections = String(live.length);
      box.dataset.complete = String(live.length - todo.length);
      sections.textContent = "ครบ " + (live.length - todo.length) + " จาก " + live.length + " หัวข้อ" +
        (todo.length ? " · ยังไม่ครบ: " + todo.slice(0, 4).join(", ") + (todo.length > 4 ? " และอีก " + (todo.length - 4) + " หัวข้อ" : "") : "");
    }
    return { el: box, extra: extra, update: update };
  }

  window.PASummary = { attach: attach };
})();
