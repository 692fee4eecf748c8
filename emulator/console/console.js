// The console's router: the location hash names the page (#/tables, #/create, #/table/T,
// #/table/T/items, #/table/T/new, #/table/T/item/<key JSON>, #/table/T/settings, #/partiql,
// #/requests, #/tools), so the browser's back button and bookmarks work.
"use strict";

async function route() {
  const main = clear(document.getElementById("main"));
  clearStaleNotices();
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const page = parts[0] || "tables";
  for (const link of document.querySelectorAll("nav a")) {
    const current = link.dataset.page === (page === "table" || page === "create" ? "tables" : page);
    if (current) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  try {
    if (page === "tables") await showTables(main);
    else if (page === "create") showCreateTable(main);
    else if (page === "table" && parts[2] === "items") await showItems(main, parts[1]);
    else if (page === "table" && parts[2] === "new") await showItem(main, parts[1]);
    else if (page === "table" && parts[2] === "item") await showItem(main, parts[1], parts.slice(3).join("/"));
    else if (page === "table" && parts[2] === "settings") await showTableSettings(main, parts[1]);
    else if (page === "table") await showTable(main, parts[1]);
    else if (page === "partiql") await showPartiql(main);
    else if (page === "requests") await showRequests(main);
    else if (page === "tools") await showTools(main);
    else append(main, h("h1", {}, "Not found"), h("a", { href: "#/tables" }, "Back to the tables"));
  } catch (e) {
    append(main, h("div", { class: "notice error", role: "alert" }, errorText(e)));
  }
  const heading = main.querySelector("h1");
  if (heading) document.title = `${heading.textContent} · dynemu`;
}

window.addEventListener("hashchange", () => route());
window.addEventListener("DOMContentLoaded", () => route());
