/* The deadlines page's filters (school, who must act, task, days late), live counts and
 * column sorting, all in the browser: the site is static. Without JavaScript the page
 * shows every list in full and the filter form stays hidden. Plain ES2017, no libraries.
 */
(function () {
  "use strict";

  const form = document.querySelector("[data-pa=task-filters]");
  const tables = Array.from(document.querySelectorAll("table[data-pa=tasks]"));
  if (!form || !tables.length) return;
  form.hidden = false;
  const shown = form.querySelector("[data-pa=task-count]");

  function rows(table) {
    return Array.from(table.tBodies[0].rows);
  }

  function matches(row, wanted) {
    if (wanted.school && row.dataset.school !== wanted.school) return false;
    if (wanted.member && row.dataset.member !== wanted.member) return false;
    if (wanted.kind && row.dataset.kind !== wanted.kind) return false;
    if (wanted.late && Number(row.dataset.late) < Number(wanted.late)) return false;
    return true;
  }

  function apply() {
    const wanted = Object.fromEntries(new FormData(form).entries());
    let total = 0;
    let seen = 0;
    for (const table of tables) {
      let inTable = 0;
      for (const row of rows(table)) {
        const keep = matches(row, wanted);
        row.hidden = !keep;
        inTable += keep ? 1 : 0;
        total += 1;
      }
      seen += inTable;
    }
    shown.textContent = "แสดง " + seen.toLocaleString("th-TH") + " จาก " + total.toLocaleString("th-TH") + " รายการ";
  }

  form.addEventListener("change", apply);
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0); // after the browser has cleared the controls
  });

  // --- sorting: a button in each sortable header; a second press reverses the order ---------

  const collator = new Intl.Collator("th");
  const keys = {
    text: (row, index) => row.cells[index].textContent.trim(),
    due: (row) => row.dataset.due,
    late: (row) => Number(row.dataset.late),
  };

  function sortBy(table, header, kind) {
    const index = header.cellIndex;
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    const key = keys[kind];
    const sorted = rows(table).sort(function (a, b) {
      const x = key(a, index);
      const y = key(b, index);
      const order = typeof x === "number" ? x - y : collator.compare(x, y);
      return ascending ? order : -order;
    });
    for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    for (const row of sorted) body.appendChild(row);
  }

  for (const table of tables) {
    for (const header of table.tHead.rows[0].cells) {
      const kind = header.dataset.sort;
      if (!kind) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "pa-sort";
      button.textContent = header.textContent;
      button.title = "เรียงตามคอลัมน์นี้";
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, header, kind);
      });
    }
  }
  apply();
})();
