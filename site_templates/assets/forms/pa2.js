/* PA 2 running total, computed like generator/patracker/engine/scoring.py from the rules
   the page carries (forms/pa2.yaml weights and levels, the office's pass_percent): Part 1
   is the indicator levels scaled to part1_weight, each Part 2 item its level scaled to its
   weight, no workload gate means no score. Nothing here is a copy of those numbers. */
(function () {
  "use strict";

  function level(rated) { return rated && typeof rated.level === "number" ? rated.level : null; }

  function score(data, rules, codes) {
    var perIndicator = codes.length ? rules.part1_weight / codes.length : 0;
    var points = function (lv, weight) { return lv === null ? 0 : (lv / rules.max_level) * weight; };
    var part1 = 0, part2 = 0, maximum = rules.part1_weight;
    codes.forEach(function (c) { part1 += points(level((data.part1 || {})[c]), perIndicator); });
    rules.part2.forEach(function (p) {
      part2 += points(level((data.part2 || {})[p.key]), p.weight);
      maximum += p.weight;
    });
    if (data.workload_ok === false) part1 = part2 = 0;
    var total = part1 + part2, percent = maximum ? (100 * total) / maximum : 0;
    return { part1: part1, part2: part2, total: total, maximum: maximum, percent: percent,
      passed: percent >= rules.pass_percent };
  }

  function fmt(n) { return (Math.round(n * 100) / 100).toLocaleString("th-TH"); }

  /* The score box and the expected level beside each rating, on an evaluation form. */
  function attach(form, rules, codes, standing) {
    var expected = rules.expected_levels[standing] || "-";
    var shown = (rules.standing_labels[standing] || standing) + ": " + expected;
    form.querySelectorAll(".pa-field select").forEach(function (select) {
      if (!/_level$/.test(select.id)) return;
      var note = document.createElement("span");
      note.className = "pa-expected";
      note.textContent = "ระดับที่คาดหวัง (" + shown + ")";
      select.insertAdjacentElement("afterend", note);
    });
    var box = document.createElement("div");
    box.className = "pa-score";
    box.setAttribute("role", "status");
    box.setAttribute("data-pa", "score");
    form.appendChild(box);
    return function update(data) {
      var s = score(data, rules, codes);
      box.innerHTML = "";
      var line = function (text) { var p = document.createElement("p"); p.textContent = text; box.appendChild(p); };
      line("ส่วนที่ 1: " + fmt(s.part1) + " / " + fmt(rules.part1_weight) + " · ส่วนที่ 2: " + fmt(s.part2));
      line("รวม " + fmt(s.total) + " / " + fmt(s.maximum) + " คะแนน (ร้อยละ " + fmt(s.percent) + ")");
      var verdict = document.createElement("strong");
      verdict.setAttribute("data-pa", "verdict");
      verdict.textContent = (s.passed ? "ผ่าน" : "ไม่ผ่าน") + " (เกณฑ์ร้อยละ " + fmt(rules.pass_percent) + ")";
      box.appendChild(verdict);
      box.dataset.total = String(s.total);
      box.dataset.passed = String(s.passed);
      return s;
    };
  }

  window.PAScore = { score: score, attach: attach };
})();
