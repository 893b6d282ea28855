/* The second print's page numbers: in the table of contents and after every link to a
   section of the book ("tr. 12" / "p. 12"). `pages` maps a section's id to its first page. */
([pages, format]) => {
  document.querySelectorAll("[data-page-of]").forEach((e) => {
    e.textContent = pages[e.getAttribute("data-page-of")] || "";
  });
  document.querySelectorAll("a.hb-xref").forEach((a) => {
    let ref = a.nextElementSibling;
    if (!(ref && ref.classList.contains("hb-pageref"))) {
      ref = document.createElement("span");
      ref.className = "hb-pageref";
      a.after(ref);
    }
    const n = pages[a.getAttribute("data-xref")];
    ref.textContent = n ? " (" + format.replace("{n}", n) + ")" : "";
  });
}
