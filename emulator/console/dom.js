// DOM helpers. Every string child becomes a text node and every attribute is set as an attribute:
// nothing the console shows is ever parsed as HTML, so an item value like <img onerror=...> is text.
"use strict";

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "on") {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (key === "value") {
      el.value = value;
    } else if (key === "checked" || key === "selected" || key === "disabled") {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

function select(attrs, options, current) {
  return h("select", attrs, options.map((o) => {
    const [value, label] = Array.isArray(o) ? o : [o, o];
    return h("option", { value, selected: value === current }, label);
  }));
}

// A labelled form field: <label for=id>text</label> + control.
let fieldCounter = 0;
function field(label, control, hint) {
  const id = control.id || `f${++fieldCounter}`;
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("small", {}, hint) : null);
}

function formatBytes(n) {
  if (n === undefined || n === null) return "—";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// Notices at the top of the page: errors say what DynamoDB answered, in its own words.
function notify(kind, ...text) {
  const area = document.getElementById("notices");
  const note = h("div", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status", "data-at": String(Date.now()) },
    h("span", {}, ...text),
    h("button", { class: "link close", type: "button", "aria-label": "Dismiss", on: { click: () => note.remove() } }, "×"));
  area.appendChild(note);
  if (kind !== "error") setTimeout(() => note.remove(), 6000);
  return note;
}

function clearNotices() { clear(document.getElementById("notices")); }

// On a new page the old page's notices go; one raised just before the move (by the action that
// moved, such as "Table Users was created.") stays.
function clearStaleNotices() {
  for (const note of document.querySelectorAll("#notices .notice"))
    if (Date.now() - Number(note.dataset.at) > 1000) note.remove();
}

function errorText(e) {
  return e && e.type ? `${e.type}: ${e.message}` : String(e && e.message ? e.message : e);
}
