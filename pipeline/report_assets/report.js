// The review report's behaviour: filters, paging, and each article's section built on demand
// from the embedded JSON (pipeline/report.py writes it), so 10 000 articles open as fast as ten.
// Article text reaches the page only as text nodes; the one innerHTML is displaCy's span markup,
// which pipeline/report.py renders from escaped tokens.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("report-data").textContent);
  const C = Object.fromEntries(D.record_columns.map((name, i) => [name, i]));
  const A = Object.fromEntries(D.article_columns.map((name, i) => [name, i]));
  const form = document.getElementById("filters");
  const list = document.getElementById("articles");
  const pagers = Array.from(document.querySelectorAll("nav.pager"));
  const status = document.getElementById("status");
  const shown = new Map(); // article index -> the record whose spans its text shows
  const copies = new Map(); // article index -> indices of the articles that republish it
  D.articles.forEach((a, i) => {
    const original = a[A.duplicate_of];
    if (original >= 0) copies.set(original, [...(copies.get(original) || []), i]);
  });
  let visible = [];
  let page = 0;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value; else node.setAttribute(name, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function filters() {
    return Object.fromEntries(new FormData(form));
  }

  function recordFilterActive(f) {
    return ["region", "agency", "year", "type", "group", "checks", "basis"].some((name) => f[name]);
  }

  function valueMatches(wanted, value) {
    if (!wanted) return true;
    if (wanted === "n:") return value === null;
    return value !== null && String(value) === wanted.slice(2);
  }

  function matches(r, f) {
    const code = r[C.region_code];
    if (f.region === "n:" && code !== null) return false;
    if (f.region && f.region !== "n:" && !(code === f.region || (code !== null && code.startsWith(f.region + ".")))) {
      return false;
    }
    return valueMatches(f.agency, r[C.agency]) && valueMatches(f.year, r[C.year])
      && (!f.type || r[C.violence_type] === f.type) && (!f.group || r[C.group] === f.group)
      && (!f.checks || (f.checks === "flagged") === (r[C.checks] !== null))
      && (!f.basis || r[C.basis] === f.basis);
  }

  function recordsOf(ai) {
    const a = D.articles[ai];
    const first = a[A.first_record];
    return Array.from({ length: a[A.record_count] }, (_, k) => first + k);
  }

  function apply() {
    const f = filters();
    const active = recordFilterActive(f);
    let matching = 0;
    visible = [];
    D.articles.forEach((a, ai) => {
      const hits = recordsOf(ai).filter((r) => matches(D.records[r], f)).length;
      matching += hits;
      const keep = f.show === "all" ? !active || hits > 0
        : f.show === "none" ? a[A.record_count] === 0
          : f.show === "duplicates" ? a[A.duplicate_of] >= 0 && (!active || hits > 0)
            : hits > 0;
      if (keep) visible.push(ai);
    });
    status.textContent = `${matching} of ${D.records.length} records match · ${visible.length} articles shown`;
    page = 0;
    render();
  }

  function render() {
    const pages = Math.max(1, Math.ceil(visible.length / D.page_size));
    page = Math.min(page, pages - 1);
    const f = filters();
    const start = page * D.page_size;
    const sections = visible.slice(start, start + D.page_size).map((ai) => section(ai, f));
    list.replaceChildren(...(sections.length ? sections : [el("p", { class: "empty" }, "No article matches.")]));
    for (const pager of pagers) {
      pager.querySelector(".where").textContent = visible.length
        ? `page ${page + 1} of ${pages} · articles ${start + 1}–${start + sections.length} of ${visible.length}`
        : "no articles";
      pager.querySelector("[data-page=prev]").disabled = page === 0;
      pager.querySelector("[data-page=next]").disabled = page >= pages - 1;
    }
  }

  function articleLink(ai) {
    const a = D.articles[ai];
    return el("a", { href: `#article-${ai}` }, a[A.title] || a[A.article_id]);
  }

  function section(ai, f) {
    const a = D.articles[ai];
    const records = recordsOf(ai);
    if (!shown.has(ai) && records.length) {
      shown.set(ai, records.find((r) => matches(D.records[r], f)) ?? records[0]);
    }
    const url = a[A.url];
    const meta = el("div", { class: "meta" },
      el("span", {}, a[A.source] || "source unknown"),
      el("span", {}, a[A.published] ? `published ${a[A.published]}` : "no publication date"),
      el("code", {}, a[A.article_id]),
      url && /^https?:\/\//i.test(url) ? el("a", { href: url, rel: "noopener noreferrer" }, url) : null,
      el("span", {}, `${records.length} record${records.length === 1 ? "" : "s"}`));
    const dup = [];
    if (a[A.duplicate_of] >= 0) {
      dup.push(el("div", { class: "dup" }, "Republishes ", articleLink(a[A.duplicate_of]),
        " (its records are counted there)."));
    }
    if (copies.has(ai)) {
      const links = copies.get(ai).flatMap((c, k) => (k ? [", ", articleLink(c)] : [articleLink(c)]));
      dup.push(el("div", { class: "dup" }, "Republished as ", ...links, "."));
    }
    const header = el("header", {}, el("h2", {}, a[A.title] || "(no title)"), meta, ...dup);
    const body = el("div", { class: records.length ? "doc-body" : "doc-body no-records" }, text(ai));
    if (records.length) body.append(recordTable(ai, records, f));
    return el("article", { class: "doc", id: `article-${ai}`, "data-article-id": a[A.article_id] }, header, body);
  }

  // The cleaned text cut at every record's evidence bounds and at the shown record's span islands:
  // evidence becomes <mark class="ev" data-r="record indices">, islands displaCy's markup.
  function text(ai) {
    const body = D.texts[ai];
    const records = recordsOf(ai);
    const current = shown.get(ai);
    const islands = new Map((current === undefined ? [] : D.islands[current]).map((i) => [i[0], i]));
    const cuts = new Set([0, body.length]);
    for (const r of records) {
      cuts.add(D.records[r][C.evidence_start]);
      cuts.add(D.records[r][C.evidence_end]);
    }
    for (const [start, end] of islands.values()) { cuts.add(start); cuts.add(end); }
    const points = Array.from(cuts).sort((x, y) => x - y);
    const root = el("div", { class: "text", "data-article": String(ai) });
    let parent = root;
    let key = "";
    for (let k = 0; k < points.length - 1; k++) {
      const from = points[k];
      let to = points[k + 1];
      const island = islands.get(from);
      if (island) to = island[1];
      const covering = records.filter((r) => D.records[r][C.evidence_start] <= from
        && to <= D.records[r][C.evidence_end]);
      const coverKey = covering.join(" ");
      if (coverKey !== key) {
        key = coverKey;
        parent = root;
        if (covering.length) {
          parent = el("mark", { class: covering.includes(current) ? "ev shown" : "ev", "data-r": coverKey });
          root.append(parent);
        }
      }
      if (island) {
        const markup = el("span", { class: "island" });
        markup.innerHTML = island[2]; // displaCy's markup of escaped tokens (pipeline/report.py)
        parent.append(markup);
        k = points.indexOf(to, k) - 1; // the next piece starts where the island ends
      } else {
        parent.append(document.createTextNode(body.slice(from, to)));
      }
    }
    return root;
  }

  const count = new Intl.NumberFormat("id-ID"); // 1.205, as the articles write it

  function number(value, approximate) {
    return value === null ? "–" : (approximate ? "≈ " : "") + count.format(value);
  }

  function cell(value) {
    return el("td", {}, value === null ? "–" : String(value));
  }

  // A whole year as the year (RECORDS.md: a year alone is January to December), one year's months
  // as 2023-01–09: a period on one line keeps the table narrow.
  function period(r) {
    const [start, end] = [r[C.period_start], r[C.period_end]];
    if (start === null && end === null) return "–";
    if (start === null || end === null) return `${start ?? "?"} – ${end ?? "?"}`;
    const [year, endYear] = [start.slice(0, 4), end.slice(0, 4)];
    if (year !== endYear) return `${start} – ${end}`;
    if (start.endsWith("-01") && end.endsWith("-12")) return year;
    return start === end ? start : `${start}–${end.slice(5)}`;
  }

  function recordTable(ai, records, f) {
    const head = el("tr", {}, ...["#", "region", "period", "group", "type", "cases", "victims", "agency", "basis"]
      .map((h) => el("th", {}, h)));
    const rows = [];
    for (const r of records) {
      const rec = D.records[r];
      const classes = ["record", matches(rec, f) ? "" : "out", shown.get(ai) === r ? "shown" : ""];
      rows.push(el("tr", { class: classes.join(" ").trim(), "data-record-id": rec[C.record_id], "data-r": String(r) },
        el("td", {}, rec[C.record_id].slice(rec[C.record_id].lastIndexOf("#"))),
        el("td", {}, rec[C.region] ?? "–", rec[C.region_code] ? el("div", { class: "muted" }, rec[C.region_code]) : null),
        el("td", { class: "period", title: `${rec[C.period_start] ?? "?"} to ${rec[C.period_end] ?? "?"}` }, period(rec)),
        cell(rec[C.group]), cell(rec[C.violence_type]),
        el("td", { class: "num" }, number(rec[C.cases], rec[C.approximate])),
        el("td", { class: "num" }, number(rec[C.victims], rec[C.approximate])),
        cell(rec[C.agency]),
        el("td", {}, el("span", { class: `badge ${rec[C.basis]}` }, rec[C.basis]))));
      const reads = D.reads[r].map(([slot, scope, said]) => `${slot} ← ${scope}${said === null ? "" : ` “${said}”`}`);
      const check = rec[C.checks] === null ? null : el("div", { class: "flag" }, `⚠ ${rec[C.checks]}`);
      rows.push(el("tr", { class: "read", "data-r": String(r) },
        el("td", { colspan: "9" }, check, reads.length ? `read: ${reads.join(" · ")}` : "read: no slot spans")));
    }
    const table = el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows));
    table.addEventListener("click", (event) => {
      const row = event.target.closest("tr[data-r]");
      if (row) show(ai, Number(row.dataset.r));
    });
    return el("div", { class: "records" }, table);
  }

  // Show one record's spans in its article's text and mark its row.
  function show(ai, r) {
    shown.set(ai, r);
    const doc = document.getElementById(`article-${ai}`);
    doc.querySelector(".text").replaceWith(text(ai));
    for (const row of doc.querySelectorAll("tr.record")) row.classList.toggle("shown", Number(row.dataset.r) === r);
  }

  // Go to an article (a duplicate's link): clear what hides it, open its page, bring it into view.
  function goTo(ai) {
    if (!visible.includes(ai)) {
      form.reset();
      form.elements.show.value = "all";
      apply();
    }
    page = Math.floor(visible.indexOf(ai) / D.page_size);
    render();
    const doc = document.getElementById(`article-${ai}`);
    doc.scrollIntoView();
    doc.classList.add("flash");
    setTimeout(() => doc.classList.remove("flash"), 1500);
  }

  // #article-N: a link between articles, or a link into the report shared from outside.
  function goToHash() {
    const m = /^#article-(\d+)$/.exec(location.hash);
    if (m && Number(m[1]) < D.articles.length) goTo(Number(m[1]));
  }

  list.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#article-"]');
    if (link) { // handled here, not by hashchange, so the same link works twice
      event.preventDefault();
      history.pushState(null, "", link.hash);
      goToHash();
      return;
    }
    const mark = event.target.closest("mark.ev");
    if (!mark) return;
    const ai = Number(mark.closest(".text").dataset.article);
    const here = mark.dataset.r.split(" ").map(Number);
    show(ai, here[(here.indexOf(shown.get(ai)) + 1) % here.length]);
  });
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply));
  for (const pager of pagers) {
    pager.addEventListener("click", (event) => {
      const step = event.target.dataset.page;
      if (!step) return;
      page += step === "next" ? 1 : -1;
      render();
      if (pager.classList.contains("bottom")) form.scrollIntoView();
    });
  }
  // The overview's cells and rows set filters: a heat-map cell its region and year, a count row its value.
  document.querySelector(".overview").addEventListener("click", (event) => {
    const target = event.target.closest("[data-filter]");
    if (!target) return;
    for (const [name, value] of Object.entries(JSON.parse(target.dataset.filter))) form.elements[name].value = value;
    form.elements.show.value = "records";
    apply();
    form.scrollIntoView();
  });
  window.addEventListener("hashchange", goToHash);
  apply();
  goToHash();
})();
