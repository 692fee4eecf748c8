// Items: Scan or Query (a key-condition builder on the table or an index), filters, projected
// attributes as columns, pages forward and back through LastEvaluatedKey; an item as a form or as
// DynamoDB JSON; create, edit (conditional on the version read), duplicate and delete.
"use strict";

const SORT_OPERATORS = [["", "(any)"], ["=", "="], ["<", "<"], ["<=", "<="], [">", ">"], [">=", ">="],
  ["between", "between"], ["begins_with", "begins with"]];
const FILTER_OPERATORS = [["=", "="], ["<>", "≠"], ["<", "<"], ["<=", "<="], [">", ">"], [">=", ">="],
  ["begins_with", "begins with"], ["contains", "contains"], ["exists", "exists"], ["not_exists", "does not exist"]];

// What the explorer shows, kept per table while the page lives, so returning from an item keeps the page.
const explorerState = new Map();

function scalarAv(type, text) {
  if (type === "N") return { N: text.trim() };
  if (type === "B") return { B: text.trim() };
  if (type === "BOOL") return { BOOL: text.trim() === "true" };
  return { S: text };
}

async function showItems(main, tableName) {
  const table = await Api.describe(tableName);
  const state = explorerState.get(tableName) || { mode: "scan", index: "", pk: "", skOp: "", sk1: "", sk2: "",
    descending: false, filters: [], projection: "", limit: "25", starts: [undefined], page: 0, ran: false };
  explorerState.set(tableName, state);
  const enc = encodeURIComponent(tableName);
  const indexNames = [...(table.GlobalSecondaryIndexes || []), ...(table.LocalSecondaryIndexes || [])].map((i) => i.IndexName);

  const modeScan = h("input", { type: "radio", name: "mode", id: "mode-scan", checked: state.mode === "scan" });
  const modeQuery = h("input", { type: "radio", name: "mode", id: "mode-query", checked: state.mode === "query" });
  const index = select({ id: "index" }, [["", `Table: ${tableName}`], ...indexNames.map((n) => [n, `Index: ${n}`])], state.index);
  const pk = h("input", { id: "pk-value", value: state.pk, autocomplete: "off", spellcheck: "false" });
  const pkLabel = h("label", { for: "pk-value" });
  const skOp = select({ id: "sk-op", "aria-label": "Sort key condition" }, SORT_OPERATORS, state.skOp);
  const sk1 = h("input", { id: "sk-value", value: state.sk1, autocomplete: "off", "aria-label": "Sort key value" });
  const sk2 = h("input", { id: "sk-value2", value: state.sk2, autocomplete: "off", "aria-label": "Sort key upper bound", placeholder: "and" });
  const skLabel = h("label", { for: "sk-op" });
  const descending = h("input", { type: "checkbox", id: "descending", checked: state.descending });
  let skField;
  const queryFields = h("div", { class: "query-fields" },
    h("div", { class: "field" }, pkLabel, pk),
    skField = h("div", { class: "field sk-field" }, skLabel, h("div", { class: "key-row" }, skOp, sk1, sk2)),
    h("div", { class: "check" }, descending, h("label", { for: "descending" }, "Sort descending")));
  const filters = h("div", { class: "rows", id: "filters" });
  const addFilter = (f = { name: "", op: "=", type: "S", value: "" }) => {
    const name = h("input", { value: f.name, placeholder: "attribute", "aria-label": "Filter attribute", class: "filter-name" });
    const op = select({ "aria-label": "Filter condition" }, FILTER_OPERATORS, f.op);
    const type = select({ "aria-label": "Filter value type" }, [["S", "String"], ["N", "Number"], ["BOOL", "Boolean"]], f.type);
    const value = h("input", { value: f.value, placeholder: "value", "aria-label": "Filter value" });
    const row = h("div", { class: "row-item filter" }, name, op, type, value,
      h("button", { type: "button", class: "link", on: { click: () => row.remove() } }, "Remove"));
    row.read = () => ({ name: name.value.trim(), op: op.value, type: type.value, value: value.value });
    filters.appendChild(row);
    return name;
  };
  state.filters.forEach(addFilter);
  const projection = h("input", { id: "projection", value: state.projection, placeholder: "all attributes", spellcheck: "false" });
  const limit = h("input", { id: "limit", type: "number", min: 1, max: 1000, value: state.limit });
  const results = h("div", { id: "results" });

  const updateForm = () => {
    const keys = keysOf(table, index.value);
    queryFields.hidden = !modeQuery.checked;
    pkLabel.textContent = `Partition key: ${keys.partition.name} (${keys.partition.type})`;
    skLabel.textContent = keys.sort ? `Sort key: ${keys.sort.name} (${keys.sort.type})` : "Sort key: none";
    skField.hidden = !keys.sort;
    sk1.hidden = !skOp.value;
    sk2.hidden = skOp.value !== "between";
  };
  [modeScan, modeQuery, index, skOp].forEach((el) => el.addEventListener("change", updateForm));

  const readForm = () => {
    state.mode = modeQuery.checked ? "query" : "scan";
    Object.assign(state, { index: index.value, pk: pk.value, skOp: skOp.value, sk1: sk1.value, sk2: sk2.value,
      descending: descending.checked, projection: projection.value, limit: limit.value,
      filters: [...filters.children].map((r) => r.read()).filter((f) => f.name) });
  };

  const buildRequest = () => {
    const keys = keysOf(table, state.index);
    const ph = new Placeholders();
    const req = { TableName: tableName, ReturnConsumedCapacity: "TOTAL" };
    if (state.index) req.IndexName = state.index;
    if (Number(state.limit) > 0) req.Limit = Number(state.limit);
    if (state.mode === "query") {
      if (state.pk === "") throw new Error(`Query needs the partition key ${keys.partition.name}'s value`);
      let cond = `${ph.name(keys.partition.name)} = ${ph.value(scalarAv(keys.partition.type, state.pk))}`;
      if (keys.sort && state.skOp) {
        const n = ph.name(keys.sort.name), v1 = () => ph.value(scalarAv(keys.sort.type, state.sk1));
        if (state.skOp === "between") cond += ` AND ${n} BETWEEN ${v1()} AND ${ph.value(scalarAv(keys.sort.type, state.sk2))}`;
        else if (state.skOp === "begins_with") cond += ` AND begins_with(${n}, ${v1()})`;
        else cond += ` AND ${n} ${state.skOp} ${v1()}`;
      }
      req.KeyConditionExpression = cond;
      if (state.descending) req.ScanIndexForward = false;
    }
    if (state.filters.length) {
      req.FilterExpression = state.filters.map((f) => {
        const n = ph.name(f.name);
        if (f.op === "exists") return `attribute_exists(${n})`;
        if (f.op === "not_exists") return `attribute_not_exists(${n})`;
        const v = ph.value(scalarAv(f.type, f.value));
        if (f.op === "begins_with" || f.op === "contains") return `${f.op}(${n}, ${v})`;
        return `${n} ${f.op} ${v}`;
      }).join(" AND ");
    }
    const projected = state.projection.split(",").map((s) => s.trim()).filter(Boolean);
    if (projected.length) req.ProjectionExpression = projected.map((p) => ph.name(p)).join(", ");
    const start = state.starts[state.page];
    if (start) req.ExclusiveStartKey = start;
    return { req: ph.applyTo(req), projected, keys };
  };

  const run = async () => {
    clear(results);
    let built;
    try { built = buildRequest(); } catch (e) { notify("error", e.message); return; }
    const op = state.mode === "query" ? "Query" : "Scan";
    let page;
    try { page = await Api.call(op, built.req); } catch (e) {
      append(results, h("div", { class: "notice error", role: "alert" }, errorText(e)));
      return;
    }
    state.ran = true;
    if (page.LastEvaluatedKey) state.starts[state.page + 1] = page.LastEvaluatedKey;
    else state.starts.length = state.page + 1;
    renderResults(results, table, state, page, op, built, () => run());
  };

  const submit = (event) => {
    event.preventDefault();
    readForm();
    state.starts = [undefined];
    state.page = 0;
    run();
  };

  append(main,
    h("div", { class: "page-head" },
      h("h1", {}, h("a", { href: `#/table/${enc}`, class: "crumb" }, tableName), " · Items"),
      h("div", { class: "actions" }, h("a", { class: "button primary", href: `#/table/${enc}/new`, id: "create-item" }, "Create item"))),
    h("form", { class: "panel explorer", id: "explore-form", on: { submit } },
      h("div", { class: "inline" },
        h("div", { class: "segmented", role: "radiogroup", "aria-label": "Scan or query" },
          modeScan, h("label", { for: "mode-scan" }, "Scan"), modeQuery, h("label", { for: "mode-query" }, "Query")),
        field("Table or index", index)),
      queryFields,
      h("details", { open: state.filters.length > 0 || state.projection !== "" },
        h("summary", {}, "Filters and attributes"),
        h("div", { class: "field" }, h("span", { class: "label" }, "Filters (all must hold)"), filters,
          h("button", { type: "button", id: "add-filter", on: { click: () => addFilter().focus() } }, "Add filter")),
        h("div", { class: "inline" },
          field("Attributes to show", projection, "comma-separated; the columns, in this order"),
          field("Page size", limit))),
      h("div", { class: "form-actions" }, h("button", { class: "primary", type: "submit", id: "run" }, "Run"))),
    results);
  updateForm();
  if (state.ran) run();
}

function renderResults(results, table, state, page, op, built, rerun) {
  const enc = encodeURIComponent(table.TableName);
  const items = page.Items || [];
  const units = page.ConsumedCapacity ? page.ConsumedCapacity.CapacityUnits : undefined;
  const columns = [];
  const addColumn = (c) => { if (!columns.includes(c)) columns.push(c); };
  if (built.projected.length) built.projected.forEach(addColumn);
  else {
    keysOf(table).schema.forEach((k) => addColumn(k.AttributeName));
    built.keys.schema.forEach((k) => addColumn(k.AttributeName));
    const rest = new Set();
    items.forEach((i) => Object.keys(i).forEach((k) => rest.add(k)));
    [...rest].sort().forEach(addColumn);
  }
  if (op === "Scan") {
    append(results, h("div", { class: "notice warn", role: "status", id: "scan-warning" },
      h("strong", {}, "Scan reads the whole table. "),
      `This page read ${page.ScannedCount} items to return ${page.Count}${units !== undefined ? `, ${units} read units` : ""}. `,
      "A Query with the partition key reads only that partition."));
  }
  const prev = h("button", { type: "button", id: "prev-page", disabled: state.page === 0,
    on: { click: () => { state.page -= 1; rerun(); } } }, "‹ Previous");
  const next = h("button", { type: "button", id: "next-page", disabled: !page.LastEvaluatedKey,
    on: { click: () => { state.page += 1; rerun(); } } }, "Next ›");
  append(results, h("div", { class: "result-bar" },
    h("span", { id: "result-summary" }, `${op}: ${page.Count} returned, ${page.ScannedCount} read`,
      units !== undefined ? ` · ${units} RCU` : "", ` · page ${state.page + 1}`),
    h("div", { class: "actions" }, prev, next)));
  const tableKey = keysOf(table).schema;
  const open = (item) => {
    const key = keyOf(item, tableKey);
    location.hash = `#/table/${enc}/item/${encodeURIComponent(JSON.stringify(key))}`;
  };
  append(results, h("div", { class: "scroll" }, h("table", { class: "grid items", id: "items" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, items.length === 0 ? h("tr", {}, h("td", { colspan: columns.length || 1, class: "empty" }, "No items.")) :
      items.map((item) => h("tr", { tabindex: 0, class: "clickable", "aria-label": "Open item",
        on: { click: () => open(item), keydown: (e) => { if (e.key === "Enter") open(item); } } },
      columns.map((c) => item[c] === undefined ? h("td", { class: "absent" }, "") :
        h("td", { "data-type": avType(item[c]), title: avType(item[c]) }, avText(item[c])))))))));
}

// The item editor: `keyJson` is the item's key (edit) or undefined (create); `copyFrom` prefills a duplicate.
async function showItem(main, tableName, keyJson, copyFrom) {
  const table = await Api.describe(tableName);
  const tableKeys = keysOf(table).schema.map((k) => k.AttributeName);
  const enc = encodeURIComponent(tableName);
  let original = null;
  if (keyJson) {
    const got = await Api.call("GetItem", { TableName: tableName, Key: JSON.parse(keyJson), ConsistentRead: true });
    if (!got.Item) {
      append(main, h("div", { class: "notice error", role: "alert" }, "This item no longer exists."),
        h("a", { class: "button", href: `#/table/${enc}/items` }, "Back to items"));
      return;
    }
    original = got.Item;
  }
  let item = original || copyFrom || Object.fromEntries(keysOf(table).schema.map((k) => {
    const type = table.AttributeDefinitions.find((d) => d.AttributeName === k.AttributeName).AttributeType;
    return [k.AttributeName, { [type]: "" }];
  }));
  let view = "form";
  const editor = h("div", { id: "item-editor" });
  const rows = [];

  const renderForm = () => {
    clear(editor);
    rows.length = 0;
    const list = h("div", { class: "attributes" });
    const addRow = (name, av) => {
      const isKey = tableKeys.includes(name) && name !== "";
      // A key's name and type are the table's; its value is fixed once the item exists (a new key is a new item: Duplicate).
      const nameInput = h("input", { value: name, "aria-label": "Attribute name", class: "attr-name", disabled: isKey, spellcheck: "false" });
      const type = select({ "aria-label": "Attribute type", class: "attr-type", disabled: isKey }, AV_TYPE_LABELS, avType(av));
      const valueBox = h("div", { class: "attr-value" });
      let control;
      const makeControl = (t, text) => {
        clear(valueBox);
        if (t === "BOOL") control = select({ "aria-label": "Value" }, ["true", "false"], text === "false" ? "false" : "true");
        else if (t === "NULL") control = h("input", { "aria-label": "Value", value: "null", disabled: true });
        else if (["S", "N", "B"].includes(t) && !text.includes("\n")) control = h("input", { "aria-label": "Value", value: text, spellcheck: "false", readonly: isKey && original !== null });
        else control = h("textarea", { "aria-label": "Value", rows: Math.min(8, Math.max(2, text.split("\n").length)), value: text, spellcheck: "false" });
        valueBox.appendChild(control);
      };
      makeControl(avType(av), avToFieldText(av));
      type.addEventListener("change", () => makeControl(type.value, control.value));
      const row = h("div", { class: `attr-row${isKey ? " key" : ""}` }, nameInput, type, valueBox,
        isKey ? h("span", { class: "badge" }, "key") :
          h("button", { type: "button", class: "link", "aria-label": "Remove attribute", on: { click: () => { row.remove(); rows.splice(rows.indexOf(entry), 1); } } }, "Remove"));
      const entry = { read: () => [nameInput.value, fieldTextToAv(type.value, control.value, nameInput.value || "(unnamed)")] };
      rows.push(entry);
      list.appendChild(row);
      return nameInput;
    };
    Object.entries(item).sort(([a], [b]) => (tableKeys.includes(b) - tableKeys.includes(a))).forEach(([n, av]) => addRow(n, av));
    append(editor, list, h("button", { type: "button", id: "add-attribute", on: { click: () => addRow("", { S: "" }).focus() } }, "Add attribute"));
  };
  const readForm = () => {
    const out = {};
    for (const r of rows) {
      const [name, av] = r.read();
      if (!name) throw new Error("Every attribute needs a name");
      if (out[name]) throw new Error(`The attribute ${name} appears twice`);
      out[name] = av;
    }
    return out;
  };
  const renderJson = () => {
    clear(editor);
    append(editor, h("textarea", { id: "item-json", class: "json", rows: 18, spellcheck: "false", "aria-label": "Item as DynamoDB JSON",
      value: JSON.stringify(item, null, 2) }));
  };
  const current = () => (view === "form" ? readForm() : parseItemJson(document.getElementById("item-json").value));
  const switchTo = (next) => {
    if (next === view) return;
    try { item = current(); } catch (e) { notify("error", e.message); return; }
    view = next;
    formTab.setAttribute("aria-pressed", String(view === "form"));
    jsonTab.setAttribute("aria-pressed", String(view === "json"));
    (view === "form" ? renderForm : renderJson)();
  };
  const formTab = h("button", { type: "button", id: "view-form", "aria-pressed": "true", on: { click: () => switchTo("form") } }, "Form");
  const jsonTab = h("button", { type: "button", id: "view-json", "aria-pressed": "false", on: { click: () => switchTo("json") } }, "DynamoDB JSON");

  const save = async (event) => {
    event.preventDefault();
    clearNotices();
    let next;
    try { next = current(); } catch (e) { notify("error", e.message); return; }
    const ph = new Placeholders();
    const req = { TableName: tableName, Item: next };
    if (original) {
      for (const k of tableKeys) {
        if (JSON.stringify(next[k]) !== JSON.stringify(original[k])) { notify("error", "The key attributes of an item cannot change: duplicate it instead."); return; }
      }
      req.ConditionExpression = unchangedCondition(original, ph);
    } else {
      req.ConditionExpression = tableKeys.map((k) => `attribute_not_exists(${ph.name(k)})`).join(" AND ");
    }
    try {
      await Api.call("PutItem", ph.applyTo(req));
    } catch (e) {
      if (e.type === "ConditionalCheckFailedException") {
        notify("error", original ? "Not saved: the item changed since it was read (another writer got there first). Reload it to see the current version. "
          : "Not created: an item with this key already exists. ", `(${errorText(e)})`);
      } else notify("error", errorText(e));
      return;
    }
    location.hash = `#/table/${enc}/items`;
    notify("ok", original ? "Item saved." : "Item created.");
  };
  // Two presses delete: the first one asks (no modal dialog, so the keyboard stays where it is).
  const remove = async (event) => {
    const button = event.currentTarget;
    if (button.dataset.armed !== "yes") {
      button.dataset.armed = "yes";
      button.textContent = "Press again to delete";
      return;
    }
    const ph = new Placeholders();
    const req = ph.applyTo({ TableName: tableName, Key: keyOf(original, keysOf(table).schema), ConditionExpression: unchangedCondition(original, ph) });
    try { await Api.call("DeleteItem", req); } catch (e) {
      notify("error", e.type === "ConditionalCheckFailedException" ? "Not deleted: the item changed since it was read. " : "", errorText(e));
      return;
    }
    location.hash = `#/table/${enc}/items`;
    notify("ok", "Item deleted.");
  };
  const duplicate = () => {
    let copy;
    try { copy = current(); } catch (e) { notify("error", e.message); return; }
    clear(main);
    showItem(main, tableName, undefined, copy).catch((e) => notify("error", errorText(e)));
  };
  append(main,
    h("div", { class: "page-head" },
      h("h1", {}, h("a", { href: `#/table/${enc}/items`, class: "crumb" }, tableName), original ? " · Edit item" : " · Create item"),
      h("div", { class: "actions segmented-buttons" }, formTab, jsonTab)),
    h("form", { class: "panel", id: "item-form", on: { submit: save } },
      original ? h("p", { class: "muted" }, "Saving writes only if the item is still as it was read here; a concurrent change is reported, not overwritten.") : null,
      editor,
      h("div", { class: "form-actions" },
        h("button", { class: "primary", type: "submit", id: "save-item" }, original ? "Save changes" : "Create item"),
        original ? h("button", { type: "button", id: "duplicate-item", on: { click: duplicate } }, "Duplicate") : null,
        original ? h("button", { type: "button", class: "danger", id: "delete-item", on: { click: remove } }, "Delete") : null,
        h("a", { class: "button", href: `#/table/${enc}/items` }, "Cancel"))));
  renderForm();
}
