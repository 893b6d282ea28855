/* Sổ tay Báo cáo viên: one book from the pages of a built site (scripts/book/printer.py runs
   this in Chromium, on a page of the site being printed, so fetch() reads its pages).
   The plan (scripts/book/__init__.py) says which pages, in which parts, with which strings.
   Returns the sections' ids in order; their page numbers come from the first print. */
async (plan) => {
  const siteRoot = new URL(plan.root, location.href);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  // a page's directory URL relative to the site's root ("legal/x/"), from a URL of the site
  const dirUrl = (u) => {
    let path = decodeURIComponent(u.pathname).slice(decodeURIComponent(siteRoot.pathname).length);
    if (path.endsWith("index.html")) path = path.slice(0, -"index.html".length);
    else if (path.endsWith(".html")) path = path.slice(0, -".html".length) + "/";
    return path;
  };

  const sections = [];
  const byUrl = {};
  let n = 0;
  for (const part of plan.parts) {
    for (const entry of part.pages) {
      n += 1;
      const sec = { id: "s" + n, entry: entry, part: part.key };
      sections.push(sec);
      byUrl[entry.url] = sec;
    }
  }

  const book = el("div", "hb-book md-typeset");
  book.lang = plan.lang;

  // -- cover --------------------------------------------------------------------------------------
  const cover = el("section", "hb-cover");
  cover.appendChild(el("p", "hb-cover-title", plan.title));
  cover.appendChild(el("p", "hb-cover-edition", plan.edition_title));
  cover.appendChild(el("p", "hb-cover-date", plan.date_line));
  cover.appendChild(el("p", "hb-cover-status", plan.status_line));
  if (plan.translation_note) cover.appendChild(el("p", "hb-cover-note", plan.translation_note));
  const addr = el("div", "hb-cover-address");
  if (plan.home_qr) {
    const q = el("div", "hb-cover-qr");
    q.innerHTML = plan.home_qr;
    addr.appendChild(q);
  }
  const addrText = el("p", "", plan.address_line);
  addrText.appendChild(document.createElement("br"));
  addrText.appendChild(el("strong", "hb-cover-url", plan.home_url));
  if (plan.test_address) addrText.appendChild(el("span", "hb-test-address", plan.test_address));
  addr.appendChild(addrText);
  cover.appendChild(addr);
  book.appendChild(cover);

  // -- the pages ------------------------------------------------------------------------------------
  const drop = [".headerlink", ".hb-trainer-tools", ".md-content__button", ".md-source-file", "[hidden]",
                ".ack-box .md-button", ".hb-translation-notice", ".hb-print-tools", ".hb-present-tools",
                "script", "noscript"];
  const learnerDrop = ["details.answer", "details.instructor", ".admonition.instructor"];
  let currentPart = null;
  for (const sec of sections) {
    const pageUrl = new URL(sec.entry.src, siteRoot);
    const response = await fetch(pageUrl);
    if (!response.ok) throw new Error("book: " + pageUrl + " " + response.status);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const article = doc.querySelector(".md-content__inner");
    if (!article) throw new Error("book: no article in " + pageUrl);
    for (const sel of drop.concat(plan.learner ? learnerDrop : [])) {
      article.querySelectorAll(sel).forEach((e) => e.remove());
    }
    article.querySelectorAll("details").forEach((d) => d.setAttribute("open", ""));
    // ids made unique in the book: s3-summary
    article.querySelectorAll("[id]").forEach((e) => { e.id = sec.id + "-" + e.id; });
    const h1 = article.querySelector("h1");
    sec.title = h1 ? h1.textContent.trim() : "";  // the table of contents gives the title the page shows
    const section = el("section", "hb-book-page hb-book-" + (sec.entry.type || "page"));
    section.id = sec.id;
    if (sec.part !== currentPart) {
      currentPart = sec.part;
      const partTitle = plan.parts.find((p) => p.key === sec.part).title;
      // not a heading: the PDF's outline (read after the first print) has one entry per page
      book.appendChild(el("p", "hb-part-title", partTitle));
    }
    // the QR code of the short link beside the module's title
    const qr = article.querySelector("figure.hb-short-link");
    if (qr && sec.entry.type === "module" && h1) {
      qr.classList.add("hb-book-qr");
      h1.after(qr);
    }
    // links: to a page of the book -> to its section, with its page number (second print);
    // to a page of the site not in the book, or outside it -> the address, printed
    article.querySelectorAll("a[href]").forEach((a) => {
      const raw = a.getAttribute("href");
      if (raw.startsWith("#")) {
        a.setAttribute("href", "#" + sec.id + "-" + decodeURIComponent(raw.slice(1)));
        return;
      }
      let u;
      try { u = new URL(raw, pageUrl); } catch (e) { return; }
      if (u.origin === siteRoot.origin && u.pathname.startsWith(siteRoot.pathname)) {
        const key = dirUrl(u);
        const target = byUrl[key];
        if (target) {
          const frag = u.hash ? decodeURIComponent(u.hash.slice(1)) : "";
          a.setAttribute("href", "#" + (frag ? target.id + "-" + frag : target.id));
          a.classList.add("hb-xref");
          a.setAttribute("data-xref", target.id);
          return;
        }
        u = new URL(key + u.search + u.hash, plan.site_url);  // the published address
      }
      if (!/^https?:$/.test(u.protocol)) return;
      a.setAttribute("href", u.href);
      const text = a.textContent.trim();
      if (text !== u.href && text !== u.href.replace(/\/$/, "") && !a.closest(".hb-short-link, .footnote-backref")) {
        a.classList.add("hb-ext");
        a.setAttribute("data-address", u.href);
      }
    });
    while (article.firstChild) section.appendChild(article.firstChild);
    if (h1) { h1.id = sec.id + "-title"; }
    book.appendChild(section);
  }

  // -- table of contents ------------------------------------------------------------------------
  const toc = el("nav", "hb-toc");
  toc.appendChild(el("p", "hb-toc-title", plan.toc));
  for (const part of plan.parts) {
    toc.appendChild(el("p", "hb-toc-part", part.title));
    const list = el("ol", "hb-toc-list");
    for (const entry of part.pages) {
      const sec = byUrl[entry.url];
      const li = el("li");
      const a = el("a", "", sec.title || entry.title);
      a.href = "#" + sec.id;
      li.appendChild(a);
      const number = el("span", "hb-toc-page", "");
      number.setAttribute("data-page-of", sec.id);
      li.appendChild(number);
      list.appendChild(li);
    }
    toc.appendChild(list);
  }
  cover.after(toc);

  // -- the document -------------------------------------------------------------------------------------
  document.documentElement.lang = plan.lang;
  document.title = plan.title + " — " + plan.edition_title;
  document.body.className = "hb-book-body";
  document.body.replaceChildren(book);
  document.documentElement.classList.toggle("hb-instructor", !plan.learner);
  return sections.map((s) => s.id);
}
