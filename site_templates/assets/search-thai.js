/* Thai search: cut what people type into the words the search index was cut into.
 *
 * Thai is written without spaces: a reader types "นางอัญชลี" or "ครูผู้ช่วย" as one string,
 * while the index (render/search.py) holds "นาง", "อัญชลี", "ครู", "ผู้ช่วย" as words. The
 * build writes every Thai word of the index to search/thai-words.json; this script cuts
 * each Thai run of a query into those words by maximal matching (fewest unknown letters,
 * then fewest words; a trailing piece that begins a known word counts as that word, since
 * the theme searches every term as a prefix) and hands the theme's search worker the words
 * separated by spaces. What the reader sees in the search box is not changed.
 *
 * The theme (mkdocs-material) sends its worker {type: 2, data: query} for every query;
 * this wraps Worker.prototype.postMessage to rewrite those. Plain ES2017, no libraries.
 */
(function () {
  "use strict";

  const QUERY = 2; // mkdocs-material's SearchMessageType.QUERY
  const THAI_RUN = /[\u0e00-\u0e7f]+/g;
  let words = null; // Set of index words, once loaded
  let sorted = []; // the same words in code-unit order, for prefix look-ups
  let longest = 0;
  let pending = null; // [worker, message] sent before the words arrived

  /** True when some index word starts with ``text``. */
  function beginsWord(text) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < text) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo].startsWith(text);
  }

  /** One Thai run cut into words: [[unknown letters, words], start of last piece, known]. */
  function cutRun(run) {
    const n = run.length;
    const best = new Array(n + 1).fill(null);
    best[0] = { cost: [0, 0], from: -1, known: true };
    const better = (a, b) => !b || a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    for (let i = 0; i < n; i++) {
      if (!best[i]) continue;
      const [unknown, count] = best[i].cost;
      for (let j = i + 1; j <= Math.min(n, i + longest); j++) {
        if (words.has(run.slice(i, j))) {
          const cost = [unknown, count + 1];
          if (better(cost, best[j] && best[j].cost)) best[j] = { cost, from: i, known: true };
        }
      }
      if (beginsWord(run.slice(i))) {
        const cost = [unknown, count + 1];
        if (better(cost, best[n] && best[n].cost)) best[n] = { cost, from: i, known: true };
      }
      // one letter no word covers; runs of them are joined below
      const cost = [unknown + 1, count + 1];
      if (better(cost, best[i + 1] && best[i + 1].cost)) best[i + 1] = { cost, from: i, known: false };
    }
    const pieces = [];
    for (let end = n; end > 0; end = best[end].from) {
      const start = best[end].from;
      const last = pieces[0];
      if (!best[end].known && last && !last.known) last.text = run.slice(start, end) + last.text;
      else pieces.unshift({ text: run.slice(start, end), known: best[end].known });
    }
    return pieces.map((piece) => piece.text).join(" ");
  }

  /** The query with each Thai run cut into index words. */
  function cut(query) {
    if (!words) return query;
    return query.replace(THAI_RUN, (run) => " " + cutRun(run) + " ").replace(/\s+/g, " ").trim();
  }

  /** Opened from disk (file://), the browser does not let the theme's search load its
   * index: say so in the search box instead of showing nothing. */
  function saySearchIsOff() {
    const field = document.querySelector("input.md-search__input");
    if (!field) return;
    field.placeholder = "ค้นหาไม่ได้เมื่อเปิดจากไฟล์ในเครื่อง";
    field.title =
      "การค้นหาต้องเปิดเว็บไซต์ผ่านเว็บเซิร์ฟเวอร์ (เว็บไซต์ของเขต หรือคำสั่ง patracker serve); " +
      "หน้าอื่นและแบบพิมพ์ใช้งานจากไฟล์ได้ตามปกติ";
    field.disabled = true;
  }

  function isQuery(message) {
    return message && message.type === QUERY && typeof message.data === "string";
  }

  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (!isQuery(message)) return post.call(this, message, ...rest);
    if (!words) {
      pending = [this, message];
      return undefined;
    }
    return post.call(this, { type: message.type, data: cut(message.data) }, ...rest);
  };

  function loaded(list) {
    words = new Set(list);
    sorted = Array.from(words).sort();
    longest = sorted.reduce((most, word) => Math.max(most, word.length), 0);
    if (pending) {
      const [worker, message] = pending;
      pending = null;
      worker.postMessage(message);
    }
  }

  const script = document.currentScript;
  const config = document.getElementById("__config");
  if (window.location.protocol === "file:") {
    saySearchIsOff();
    words = new Set();
    return;
  }
  if (!script || !config) {
    words = new Set(); // not a theme page: let queries through untouched
    return;
  }
  const source = new URL("../search/thai-words.json", script.src);
  fetch(source.href)
    .then((response) => (response.ok ? response.json() : []))
    .then(loaded, () => loaded([]));

  window.paThaiSearch = { cut }; // for tests and curious readers
})();
