/* Printable forms PA 1, PA 2 and PA 3, laid out in the browser (render/printable.py).
 *
 * print/pa1.html?person=ID&fy=2570
 * print/pa2.html?person=ID&fy=2570&round=1&member=MEMBER_ID
 * print/pa3.html?person=ID&fy=2570&round=1
 *
 * The page carries the form definitions (#pa-print-forms); the person's figures, labels
 * and record text come from print/data/<person>.json (or its twin <person>.js when the
 * site is opened from disk), all worked out by the generator:
 * this script only lays them out. Record text is untrusted, so every string goes into
 * the page through createTextNode/textContent, never as markup. Plain ES2017, no
 * libraries, nothing loaded from another host. When the form is ready the container
 * gets data-state="ready" ("error" when there is nothing to show).
 */
(function () {
  "use strict";

  const root = document.getElementById("pa-print");
  if (!root) return;
  const kind = root.getAttribute("data-pa");
  const defs = JSON.parse(document.getElementById("pa-print-forms").textContent);
  const query = new URLSearchParams(window.location.search);
  const ID = /^[a-z0-9][a-z0-9-]*$/;

  // --- building the DOM ------------------------------------------------------------------

  /** An element with attributes and children; strings become text nodes, null is skipped. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else if (child instanceof Node) node.appendChild(child);
      else node.appendChild(document.createTextNode(String(child)));
    }
  }

  function check(on) {
    return el("span", { class: "pa-check", "aria-hidden": "true" }, on ? "☑" : "☐");
  }

  function strong(text) {
    return el("strong", null, text);
  }

  /** A signature block: dotted line, name in brackets, role, date (blank when not signed). */
  function signature(sign) {
    return el(
      "div",
      { class: "pa-sign" },
      el("p", null, "ลงชื่อ", el("span", { class: "pa-sign-line" })),
      el("p", null, "(" + sign.name + ")"),
      el("p", null, sign.role),
      el("p", null, "วันที่ ", sign.date || el("span", { class: "pa-sign-line pa-short" }))
    );
  }

  function toolbar(person) {
    const back = el("a", { href: "../people/" + person.id + ".html" }, "← กลับไปหน้าของ " + person.name);
    const button = el("button", { type: "button", class: "md-button" }, "พิมพ์แบบฟอร์ม (A4)");
    button.addEventListener("click", function () {
      window.print();
    });
    return el("p", { class: "pa-noprint pa-print-bar" }, back, " · ", button);
  }

  function fields(rows) {
    return el(
      "table",
      { class: "pa-fields" },
      el(
        "tbody",
        null,
        rows.map(function (row) {
          return el("tr", null, el("th", { scope: "row" }, row[0]), el("td", row[2] || null, row[1]));
        })
      )
    );
  }

  function period(label, start, end) {
    return el("p", { class: "pa-center" }, strong(label), el("br"), "ระหว่างวันที่ " + start + " ถึงวันที่ " + end);
  }

  function numbered(n, many) {
    return many ? "ที่ " + n : "";
  }

  // --- PA 1 ------------------------------------------------------------------------------

  function pa1(person, fy, year) {
    const form = year.pa1;
    if (!form) return null;
    const def = defs.forms[form.form];
    if (!def) return null;
    const grouped = form.grouped;
    const out = [
      el("p", { class: "pa-form-code" }, "แบบ " + def.code),
      el("h1", null, def.title),
      period("ข้อตกลงในการพัฒนางาน ปีงบประมาณ พ.ศ. " + fy, form.span[0], form.span[1]),
      form.draft ? el("p", { class: "pa-center pa-draft" }, "สถานะ: " + form.draft) : null,
    ];
    const rows = [
      ["ผู้จัดทำข้อตกลง", person.name],
      ["ตำแหน่ง", person.position],
      ["วิทยฐานะ", person.standing],
      ["สถานศึกษา/หน่วยงาน", person.unit],
      ["รับเงินเดือนในอันดับ", person.salary_grade],
    ];
    if (form.class_types.length) {
      const types = [];
      form.class_types.forEach(function (t, i) {
        if (i) types.push(el("br"));
        types.push(check(true), " " + t);
      });
      rows.push(["ประเภทห้องเรียนที่จัดการเรียนรู้", types]);
    }
    out.push(fields(rows));
    out.push(
      el(
        "p",
        { class: "pa-indent" },
        "ข้าพเจ้าขอแสดงเจตจำนงในการจัดทำข้อตกลงในการพัฒนางานในตำแหน่งและวิทยฐานะที่ดำรงอยู่ในปัจจุบันกับผู้บังคับบัญชา ไว้ดังต่อไปนี้"
      )
    );
    out.push(el("h2", null, "ส่วนที่ 1 ข้อตกลงในการพัฒนางานตามมาตรฐานตำแหน่ง"));
    if (form.hours) {
      out.push(el("h3", null, "1. ภาระงาน"), hoursTable(form.hours), el("h3", null, "2. งานที่จะปฏิบัติตามมาตรฐานตำแหน่ง"));
    }
    out.push(part1Table(def, form, grouped));
    out.push(el("h2", null, "ส่วนที่ 2 ข้อตกลงในการพัฒนางานที่เป็นประเด็นท้าทาย"));
    form.challenges.forEach(function (c, i) {
      out.push(
        el(
          "section",
          { class: "pa-challenge", "data-pa": "challenge" },
          el("h3", null, "ประเด็นท้าทาย" + numbered(i + 1, def.challenges > 1) + " เรื่อง " + c.title),
          c.policy ? el("p", null, strong("นโยบายที่สอดคล้อง:"), " " + c.policy) : null,
          el("p", null, strong("1. สภาพปัญหา")),
          el("p", { class: "pa-indent pa-text" }, c.problem),
          el("p", null, strong("2. วิธีการดำเนินการให้บรรลุผล")),
          el("p", { class: "pa-indent pa-text" }, c.methods),
          el("p", null, strong("3. ผลลัพธ์การพัฒนาที่คาดหวัง")),
          el("p", { class: "pa-indent pa-text" }, "3.1 เชิงปริมาณ: " + c.quantitative),
          el("p", { class: "pa-indent pa-text" }, "3.2 เชิงคุณภาพ: " + c.qualitative)
        )
      );
    });
    out.push(
      el(
        "div",
        { class: "pa-signatures" },
        signature(form.sign),
        el(
          "div",
          { class: "pa-approval", "data-pa": "approval" },
          el("p", null, strong("ความเห็นของผู้บังคับบัญชา")),
          el("p", null, check(form.approved), " เห็นชอบให้เป็นข้อตกลงในการพัฒนางาน"),
          el(
            "p",
            null,
            check(form.returned),
            " ไม่เห็นชอบ ให้ปรับปรุงข้อตกลงในการพัฒนางาน" + (form.note ? " ดังนี้: " + form.note : "")
          ),
          signature(form.approver)
        )
      )
    );
    return { title: form.title, body: out };
  }

  function hoursTable(hours) {
    const body = [el("tr", null, el("th", { scope: "row", colspan: 2, class: "pa-sub" }, hours.title))];
    hours.teaching.forEach(function (line) {
      body.push(el("tr", null, el("td", { class: "pa-indent-cell" }, line[0]), el("td", { class: "num" }, line[1])));
    });
    body.push(el("tr", null, el("td", { class: "pa-indent-cell" }, "รวมชั่วโมงสอน"), el("td", { class: "num" }, hours.teaching_total)));
    hours.lines.forEach(function (line) {
      body.push(el("tr", null, el("td", null, line[0]), el("td", { class: "num" }, line[1])));
    });
    return el(
      "table",
      { class: "pa-grid pa-hours", "data-pa": "hours" },
      el("thead", null, el("tr", null, el("th", { scope: "col" }, "ภาระงาน"), el("th", { scope: "col", class: "num" }, "ชั่วโมง/สัปดาห์"))),
      el("tbody", null, body),
      el("tfoot", null, el("tr", null, el("th", { scope: "row" }, "รวมภาระงานทั้งสิ้น"), el("td", { class: "num", "data-pa": "hours-total" }, hours.total)))
    );
  }

  function part1Table(def, form, grouped) {
    const head = el(
      "thead",
      null,
      el(
        "tr",
        null,
        el("th", { scope: "col", class: "pa-col-code" }, "มาตรฐานตำแหน่ง"),
        el("th", { scope: "col", class: "pa-col-tasks" }, "งาน (Tasks)"),
        grouped ? el("th", { scope: "col", class: "pa-col-group" }, "กลุ่มเป้าหมาย") : null,
        el("th", { scope: "col" }, "ผลลัพธ์ (Outcomes)"),
        el("th", { scope: "col" }, "ตัวชี้วัด (Indicators)")
      )
    );
    const groups = def.aspects.map(function (aspect) {
      const rows = [el("tr", { class: "pa-aspect" }, el("th", { scope: "rowgroup", colspan: grouped ? 5 : 4 }, aspect[0] + ". " + aspect[1]))];
      aspect[2].forEach(function (item) {
        const written = form.part1[item[0]] || { tasks: "", cells: [["", "", ""]] };
        const span = written.cells.length;
        written.cells.forEach(function (cell, i) {
          rows.push(
            el(
              "tr",
              { "data-indicator": item[0], class: i ? "pa-cont" : null },
              i ? null : el("th", { scope: "row", rowspan: span, class: "pa-col-code" }, item[0] + " " + item[1]),
              i ? null : el("td", { rowspan: span }, written.tasks),
              grouped ? el("td", { class: "pa-col-group" }, cell[0] || "-") : null,
              el("td", null, cell[1]),
              el("td", null, cell[2])
            )
          );
        });
      });
      return el("tbody", null, rows);
    });
    return el("table", { class: "pa-grid pa-part1" + (grouped ? " pa-groups" : ""), "data-pa": "part1" }, head, groups);
  }

  // --- PA 2 ------------------------------------------------------------------------------

  function ratingRow(attr, code, label, item, comment, width) {
    const level = item ? item[0] : null;
    const row = el(
      "tr",
      { [attr]: code, "data-level": level === null ? "" : level },
      el("th", { scope: "row" }, label),
      defs.levels.map(function (lv) {
        return el("td", { class: "pa-level" }, level === lv[0] ? "✓" : "");
      }),
      el("td", { class: "num", "data-pa": "points" }, item ? item[1] : "-")
    );
    const note = comment ? el("tr", { class: "pa-comment" }, el("td", { colspan: width }, "ความเห็น: " + comment)) : null;
    return [row, note];
  }

  function ratingHead(first) {
    return el(
      "thead",
      null,
      el(
        "tr",
        null,
        el("th", { scope: "col" }, first),
        defs.levels.map(function (lv) {
          return el("th", { scope: "col", class: "pa-level" }, String(lv[0]));
        }),
        el("th", { scope: "col", class: "num" }, "คะแนน")
      )
    );
  }

  function ratingFoot(label, value, field) {
    return el("tfoot", null, el("tr", null, el("th", { scope: "row", colspan: defs.levels.length + 1 }, label), el("td", { class: "num", "data-pa": field }, value)));
  }

  function pa2(person, fy, year, rnd) {
    const memberId = query.get("member") || "";
    const ev = rnd.pa2[memberId];
    const aspects = defs.forms[rnd.form];
    if (!ev || !aspects) return null;
    const width = defs.levels.length + 2;
    const out = [
      el("p", { class: "pa-form-code" }, "แบบ " + defs.code),
      el("h1", null, defs.title),
      period("รอบการประเมินที่ " + query.get("round") + " ปีงบประมาณ พ.ศ. " + fy, rnd.start, rnd.end),
      ev.final ? null : el("p", { class: "pa-center pa-draft" }, "ร่าง — กรรมการยังไม่ยืนยันผล"),
      fields([
        ["ผู้รับการประเมิน", person.name],
        ["ตำแหน่ง / วิทยฐานะ", person.position + " / " + person.standing],
        ["สถานศึกษา/หน่วยงาน", person.school],
        ["ระดับการปฏิบัติที่คาดหวัง", person.expected, { "data-pa": "expected" }],
        ["กรรมการผู้ประเมิน", ev.name + " (" + ev.role + ")"],
        ["วันที่ประเมิน", ev.date],
      ]),
    ];
    if (ev.amends) {
      out.push(el("p", { class: "pa-note" }, "บันทึกนี้แก้ไขผลการประเมินเดิม (" + ev.amends + ")" + (ev.reason ? " เหตุผล: " + ev.reason : "")));
    }
    out.push(
      el(
        "p",
        { "data-pa": "gate" },
        strong("ภาระงานตามที่ ก.ค.ศ. กำหนด:"),
        " ",
        check(ev.workload_ok),
        " เป็นไปตามเกณฑ์ ",
        check(!ev.workload_ok),
        " ไม่เป็นไปตามเกณฑ์" + (ev.workload_ok ? "" : " (ไม่นำไปคิดคะแนน)")
      )
    );
    out.push(
      el(
        "p",
        { class: "pa-legend" },
        "ระดับการปฏิบัติ: ",
        defs.levels.map(function (lv, i) {
          return [el("span", null, lv[0] + " = " + lv[1]), i < defs.levels.length - 1 ? " · " : null];
        })
      )
    );
    out.push(el("h2", null, "ส่วนที่ 1 การประเมินตามมาตรฐานตำแหน่ง (" + defs.part1_weight + " คะแนน)"));
    out.push(
      el(
        "table",
        { class: "pa-grid pa-rating", "data-pa": "part1" },
        ratingHead("ตัวชี้วัด"),
        aspects.map(function (aspect) {
          return el(
            "tbody",
            null,
            el("tr", { class: "pa-aspect" }, el("th", { scope: "rowgroup", colspan: width }, aspect[0] + ". " + aspect[1])),
            aspect[2].map(function (item) {
              return ratingRow("data-indicator", item[0], item[0] + " " + item[1], ev.items[item[0]], ev.comments[item[0]], width);
            })
          );
        }),
        ratingFoot("รวมส่วนที่ 1", ev.part1, "part1-total")
      )
    );
    out.push(el("h2", null, "ส่วนที่ 2 การประเมินประเด็นท้าทาย (" + defs.part2_weight + " คะแนน)"));
    const titles = year.challenge_titles || [];
    titles.forEach(function (t, i) {
      out.push(el("p", null, "ประเด็นท้าทาย" + numbered(i + 1, titles.length > 1) + ": " + t));
    });
    out.push(
      el(
        "table",
        { class: "pa-grid pa-rating", "data-pa": "part2" },
        ratingHead("รายการ"),
        el(
          "tbody",
          null,
          defs.part2.map(function (w) {
            return ratingRow("data-item", w[0], w[1] + " (" + w[2] + " คะแนน)", ev.items[w[0]], ev.comments[w[0]], width);
          })
        ),
        ratingFoot("รวมส่วนที่ 2", ev.part2, "part2-total")
      )
    );
    out.push(el("h2", null, "สรุปผลการประเมิน"));
    out.push(
      el(
        "table",
        { class: "pa-grid pa-summary", "data-pa": "summary" },
        el(
          "tbody",
          null,
          el("tr", null, el("th", { scope: "row" }, "ส่วนที่ 1"), el("td", { class: "num" }, ev.part1)),
          el("tr", null, el("th", { scope: "row" }, "ส่วนที่ 2"), el("td", { class: "num" }, ev.part2)),
          el("tr", null, el("th", { scope: "row" }, "คะแนนรวม (เต็ม " + ev.maximum + ")"), el("td", { class: "num", "data-pa": "total" }, ev.total)),
          el(
            "tr",
            null,
            el("th", { scope: "row" }, "ผลการประเมิน (เกณฑ์ร้อยละ " + rnd.threshold + ")"),
            el("td", { "data-pa": "verdict", "data-passed": ev.passed ? "yes" : "no" }, check(ev.passed), " ผ่านเกณฑ์ ", check(!ev.passed), " ไม่ผ่านเกณฑ์")
          )
        )
      )
    );
    const signed = { name: ev.name, role: ev.role + "ผู้ประเมิน", date: ev.final ? ev.date : null };
    out.push(el("div", { class: "pa-signatures" }, signature(signed)));
    return { title: ev.title, body: out };
  }

  // --- PA 3 ------------------------------------------------------------------------------

  function pa3(person, fy, year, rnd) {
    const sum = rnd.pa3;
    if (!sum) return null;
    const out = [
      el("p", { class: "pa-form-code" }, "แบบ PA 3"),
      el("h1", null, "แบบสรุปผลการประเมินผลการพัฒนางานตามข้อตกลง"),
      period("รอบการประเมินที่ " + query.get("round") + " ปีงบประมาณ พ.ศ. " + fy, rnd.start, rnd.end),
      fields([
        ["ผู้รับการประเมิน", person.name],
        ["ตำแหน่ง / วิทยฐานะ", person.position + " / " + person.standing],
        ["สถานศึกษา/หน่วยงาน", person.school],
      ]),
    ];
    const head = el(
      "thead",
      null,
      el(
        "tr",
        null,
        el("th", { scope: "col" }, "กรรมการ"),
        el("th", { scope: "col", class: "num" }, "ส่วนที่ 1 (" + defs.part1_weight + ")"),
        el("th", { scope: "col", class: "num" }, "ส่วนที่ 2 (" + defs.part2_weight + ")"),
        el("th", { scope: "col", class: "num" }, "รวม (100)"),
        el("th", { scope: "col" }, "ผลตามเกณฑ์ร้อยละ " + rnd.threshold)
      )
    );
    const body = sum.members.map(function (m) {
      return el(
        "tr",
        { "data-member": m.id },
        el("th", { scope: "row" }, m.name, el("br"), el("span", { class: "pa-small" }, m.role)),
        el("td", { class: "num" }, m.part1),
        el("td", { class: "num" }, m.part2),
        el("td", { class: "num", "data-pa": "total" }, m.total),
        el("td", null, m.verdict)
      );
    });
    out.push(
      el(
        "table",
        { class: "pa-grid pa-summary", "data-pa": "members" },
        head,
        el("tbody", null, body),
        el("tfoot", null, el("tr", null, el("th", { scope: "row" }, "ค่าเฉลี่ย"), el("td"), el("td"), el("td", { class: "num", "data-pa": "mean" }, sum.mean), el("td")))
      )
    );
    const decided = sum.state === "passed" || sum.state === "failed";
    out.push(
      el(
        "p",
        { class: "pa-result", "data-pa": "result", "data-state": sum.state },
        strong("สรุปผลการประเมิน:"),
        " ",
        check(sum.state === "passed"),
        " ผ่าน ",
        check(sum.state === "failed"),
        " ไม่ผ่าน" + (decided ? "" : " — " + sum.label),
        el("br"),
        el("span", { class: "pa-small" }, "ผ่านเมื่อกรรมการทุกคนให้คะแนนไม่น้อยกว่าร้อยละ " + rnd.threshold)
      )
    );
    if (sum.lowest) {
      const weak = sum.lowest.weak.map(function (w) {
        return w[0] + " (ระดับ " + w[1] + ")";
      });
      out.push(
        el(
          "p",
          { "data-pa": "weak" },
          "คะแนนต่ำสุดจาก " + sum.lowest.name + " (" + sum.lowest.total + " คะแนน)" + (weak.length ? " · รายการที่ทำให้คะแนนต่ำ: " + weak.join(", ") : "")
        )
      );
    }
    out.push(
      el(
        "div",
        { class: "pa-signatures pa-three" },
        sum.members.map(function (m) {
          return signature({ name: m.name, role: m.role, date: null });
        })
      )
    );
    return { title: sum.title, body: out };
  }

  // --- loading ---------------------------------------------------------------------------

  function show(nodes, state) {
    root.textContent = "";
    append(root, nodes);
    root.setAttribute("data-state", state);
  }

  function fail(message, person) {
    document.title = "ไม่พบแบบพิมพ์";
    show(
      [
        person ? toolbar(person) : null,
        el("h1", null, "ไม่พบแบบพิมพ์"),
        el("p", { class: "pa-center pa-print-error", role: "alert" }, message),
      ],
      "error"
    );
  }

  function layout(person) {
    const fy = query.get("fy") || "";
    const year = person.years[fy];
    if (!year) return fail("ไม่พบข้อมูลของ " + person.name + " ในปีงบประมาณ " + fy, person);
    let form = null;
    if (kind === "pa1") {
      form = pa1(person, fy, year);
      if (!form) return fail("ไม่พบข้อตกลง (PA 1) ของ " + person.name + " ปีงบประมาณ " + fy, person);
    } else {
      const rnd = (year.rounds || {})[query.get("round") || ""];
      if (!rnd) return fail("ไม่พบผลการประเมินของ " + person.name + " รอบที่ " + query.get("round") + " ปีงบประมาณ " + fy, person);
      form = kind === "pa2" ? pa2(person, fy, year, rnd) : pa3(person, fy, year, rnd);
      if (!form) {
        const what = kind === "pa2" ? "ผลการประเมิน (PA 2) ของกรรมการที่ระบุ" : "สรุปผลการประเมิน (PA 3)";
        return fail("ไม่พบ" + what + " สำหรับ " + person.name + " รอบที่ " + query.get("round"), person);
      }
    }
    document.title = form.title;
    show([toolbar(person), form.body], "ready");
  }

  const personId = query.get("person") || "";
  if (!ID.test(personId)) {
    fail("ไม่พบบุคคลที่ระบุ: ไม่มีรหัสบุคคลในลิงก์ หรือรหัสไม่ถูกต้อง");
    return;
  }
  /** The person's data as a script (print/data/<id>.js): a page opened from disk (file://)
   * may not fetch(), but it may run a script from its own folder. */
  function loadScript() {
    const script = document.createElement("script");
    script.src = "data/" + personId + ".js";
    script.addEventListener("load", function () {
      const person = (window.paPrintData || {})[personId];
      if (person) layout(person);
      else fail("ไม่พบข้อมูลของบุคคลรหัส " + personId);
    });
    script.addEventListener("error", function () {
      fail("ไม่พบข้อมูลของบุคคลรหัส " + personId);
    });
    document.head.appendChild(script);
  }

  if (window.location.protocol === "file:") {
    loadScript();
    return;
  }
  fetch("data/" + personId + ".json", { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("not found");
      return response.json();
    })
    .then(
      function (person) {
        layout(person);
      },
      function () {
        fail("ไม่พบข้อมูลของบุคคลรหัส " + personId);
      }
    )
    .catch(function (error) {
      console.error(error);
      fail("แสดงแบบพิมพ์ไม่ได้: ข้อมูลไม่ครบหรือไม่ถูกต้อง");
    });
})();
