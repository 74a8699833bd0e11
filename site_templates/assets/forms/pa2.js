/* PA 2 running total, computed like generator/patracker/engine/scoring.py from the rules
   the page carries (forms/pa2.yaml weights and levels, the office's pass_percent): Part 1
   is the indicator levels scaled to part1_weight, each Part 2 item its level scaled to its
   weight, no workload gate means no score. Nothing here is a copy of those numbers.
   Exact, as the engine: the page carries each number as the fraction its decimal text says
   ("141/2" for 70.5), sums are fractions of BigInts, and the pass mark is compared exactly;
   a figure is cut (never rounded up) to two decimals only when shown. */
(function () {
  "use strict";

  function gcd(a, b) { a = a < 0n ? -a : a; while (b) { var t = a % b; a = b; b = t; } return a; }
  function frac(n, d) {
    if (d === undefined) d = 1n;
    if (d < 0n) { n = -n; d = -d; }
    var g = gcd(n, d) || 1n;
    return { n: n / g, d: d / g };
  }
  /* "60", "141/2" or a number of the page's data → a fraction. */
  function parse(text) {
    var parts = String(text).split("/");
    return frac(BigInt(parts[0]), BigInt(parts[1] || 1));
  }
  function add(a, b) { return frac(a.n * b.d + b.n * a.d, a.d * b.d); }
  function mul(a, b) { return frac(a.n * b.n, a.d * b.d); }
  function div(a, b) { return frac(a.n * b.d, a.d * b.n); }
  function atLeast(a, b) { return a.n * b.d >= b.n * a.d; }
  function text(a) { return a.d === 1n ? String(a.n) : a.n + "/" + a.d; }  // Python's str(Fraction)
  /* Cut towards minus infinity to two decimals, in Thai digits grouping (engine.exact.floor). */
  function shown(a) {
    var scaled = a.n * 100n / a.d;
    if (a.n < 0n && (a.n * 100n) % a.d !== 0n) scaled -= 1n;
    var neg = scaled < 0n, abs = neg ? -scaled : scaled;
    var whole = abs / 100n, cents = abs % 100n;
    var out = Number(whole).toLocaleString("th-TH") + (cents ? "." + String(cents).padStart(2, "0").replace(/0$/, "") : "");
    return (neg ? "-" : "") + out;
  }

  var ZERO = frac(0n);

  function level(rated) { return rated && typeof rated.level === "number" ? rated.level : null; }

  function score(data, rules, codes) {
    var top = frac(BigInt(rules.max_level));
    var part1Weight = parse(rules.part1_weight);
    var perIndicator = codes.length ? div(part1Weight, frac(BigInt(codes.length))) : ZERO;
    var gate = data.workload_ok !== false;
    var points = function (lv, weight) {
      return lv === null || !gate ? ZERO : mul(div(frac(BigInt(lv)), top), weight);
    };
    var part1 = ZERO, part2 = ZERO, maximum = part1Weight;
    codes.forEach(function (c) { part1 = add(part1, points(level((data.part1 || {})[c]), perIndicator)); });
    rules.part2.forEach(function (p) {
      part2 = add(part2, points(level((data.part2 || {})[p.key]), parse(p.weight)));
      maximum = add(maximum, parse(p.weight));
    });
    var total = add(part1, part2);
    var percent = maximum.n ? div(mul(frac(100n), total), maximum) : ZERO;
    return { part1: part1, part2: part2, total: total, maximum: maximum, percent: percent,
      passed: atLeast(percent, parse(rules.pass_percent)) };
  }

  /* The expected level beside each rating, and the score in the form's summary (`box`). */
  function attach(form, rules, codes, standing, box) {
    var expected = rules.expected_levels[standing] || "-";
    var label = (rules.standing_labels[standing] || standing) + ": " + expected;
    form.querySelectorAll(".pa-field select").forEach(function (select) {
      if (!/_level$/.test(select.id)) return;
      var note = document.createElement("span");
      note.className = "pa-expected";
      note.textContent = "ระดับที่คาดหวัง (" + label + ")";
      select.insertAdjacentElement("afterend", note);
    });
    box.classList.add("pa-score");
    box.setAttribute("data-pa", "score");
    var part1Weight = parse(rules.part1_weight);
    return function update(data) {
      var s = score(data, rules, codes);
      box.textContent = "";
      var line = function (t) { var p = document.createElement("p"); p.textContent = t; box.appendChild(p); };
      line("ส่วนที่ 1: " + shown(s.part1) + "/" + shown(part1Weight) + " · ส่วนที่ 2: " + shown(s.part2) +
        (data.workload_ok === false ? " · ภาระงานไม่ครบ ไม่คิดคะแนน" : ""));
      var verdict = document.createElement("strong");
      verdict.setAttribute("data-pa", "verdict");
      verdict.textContent = "รวม " + shown(s.total) + "/" + shown(s.maximum) + " คะแนน ร้อยละ " + shown(s.percent) +
        " · " + (s.passed ? "ผ่าน" : "ไม่ผ่าน") + " (เกณฑ์ร้อยละ " + shown(parse(rules.pass_percent)) + ")";
      box.appendChild(verdict);
      box.dataset.total = text(s.total);
      box.dataset.percent = text(s.percent);
      box.dataset.passed = String(s.passed);
      return s;
    };
  }

  /* A number as typed ("6.1") → the fraction its decimal text says (61/10); null if none. */
  function decimal(value) {
    var m = /^(-?)(\d*)(?:\.(\d+))?$/.exec(String(value === undefined ? "" : value));
    if (!m || (m[2] === "" && !m[3])) return null;
    var digits = BigInt((m[2] || "0") + (m[3] || "")), scale = 10n ** BigInt((m[3] || "").length);
    return frac(m[1] ? -digits : digits, scale);
  }

  /* The ว26 form: each aspect's sum, its percent and the pass mark of evaluation `n`
     (the result is the mean of all members' percents; one member's form shows their own). */
  function induction(box, rules, n) {
    box.classList.add("pa-score");
    box.setAttribute("data-pa", "score");
    var mark = rules.pass_percent[(n || 1) - 1];
    return function update(data) {
      box.textContent = "";
      rules.aspects.forEach(function (aspect) {
        var sum = ZERO;
        Object.keys(data[aspect.code] || {}).forEach(function (k) {
          var v = decimal(data[aspect.code][k]);
          if (v) sum = add(sum, v);
        });
        var percent = div(mul(frac(100n), sum), parse(aspect.max));
        var p = document.createElement("p");
        p.setAttribute("data-aspect", aspect.code);
        p.dataset.sum = text(sum);
        p.textContent = aspect.title + ": " + shown(sum) + "/" + shown(parse(aspect.max)) + " ร้อยละ " + shown(percent) +
          (mark ? " · " + (atLeast(percent, parse(mark)) ? "ถึง" : "ยังไม่ถึง") + "เกณฑ์ครั้งที่ " + n + " ร้อยละ " + shown(parse(mark)) : "");
        box.appendChild(p);
      });
    };
  }

  window.PAScore = { score: score, attach: attach, induction: induction, parse: parse, text: text };
})();
