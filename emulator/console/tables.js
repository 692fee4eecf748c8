// Tables: the list, the create form (the AWS console's defaults, or customised), a table's overview
// and settings, and deleting it (deletion protection is DynamoDB's to enforce: its error is shown).
"use strict";

const KEY_TYPES = [["S", "String"], ["N", "Number"], ["B", "Binary"]];

async function showTables(main) {
  const body = h("tbody", {}, h("tr", {}, h("td", { colspan: 8, class: "muted" }, "Loading…")));
  append(main,
    h("div", { class: "page-head" },
      h("h1", {}, "Tables"),
      h("div", { class: "actions" },
        h("button", { type: "button", on: { click: () => route() } }, "Refresh"),
        h("a", { class: "button primary", href: "#/create", id: "create-table" }, "Create table"))),
    h("div", { class: "scroll" },
      h("table", { class: "grid", id: "tables" },
        h("thead", {}, h("tr", {}, ["Name", "Status", "Partition key", "Sort key", "Items", "Size", "Billing", "Indexes"]
          .map((c) => h("th", { scope: "col" }, c)))),
        body)));
  const names = await Api.listAllTables();
  const tables = await Promise.all(names.map((n) => Api.describe(n).catch(() => ({ TableName: n, TableStatus: "?" }))));
  clear(body);
  if (tables.length === 0) {
    append(body, h("tr", {}, h("td", { colspan: 8, class: "empty" }, "No tables yet. ",
      h("a", { href: "#/create" }, "Create one"), " to get started.")));
  }
  for (const t of tables) {
    const keys = t.KeySchema ? keysOf(t) : {};
    const gsi = (t.GlobalSecondaryIndexes || []).length, lsi = (t.LocalSecondaryIndexes || []).length;
    const indexes = [gsi && `${gsi} GSI`, lsi && `${lsi} LSI`].filter(Boolean).join(", ") || "—";
    append(body, h("tr", {},
      h("td", {}, h("a", { href: `#/table/${encodeURIComponent(t.TableName)}` }, t.TableName)),
      h("td", {}, h("span", { class: `status ${String(t.TableStatus).toLowerCase()}` }, t.TableStatus)),
      h("td", {}, keys.partition ? `${keys.partition.name} (${keys.partition.type})` : "—"),
      h("td", {}, keys.sort ? `${keys.sort.name} (${keys.sort.type})` : "—"),
      h("td", { class: "num" }, t.ItemCount ?? "—"),
      h("td", { class: "num" }, formatBytes(t.TableSizeBytes)),
      h("td", {}, t.KeySchema ? billingOf(t) : "—"),
      h("td", {}, indexes)));
  }
}

function keyInputs(prefix, required) {
  const name = h("input", { id: `${prefix}-name`, required, autocomplete: "off", spellcheck: "false",
    placeholder: required ? "e.g. UserId" : "optional" });
  const type = select({ id: `${prefix}-type`, "aria-label": `${prefix === "pk" ? "Partition" : "Sort"} key type` }, KEY_TYPES, "S");
  return { name, type, row: h("div", { class: "key-row" }, name, type) };
}

// A repeatable group of rows (indexes, tags) with add and remove buttons.
function rowList(label, makeRow, id) {
  const rows = h("div", { class: "rows" });
  const add = () => {
    const row = makeRow();
    row.el.appendChild(h("button", { type: "button", class: "link", "aria-label": `Remove ${label}`,
      on: { click: () => { row.el.remove(); list.items.splice(list.items.indexOf(row), 1); } } }, "Remove"));
    list.items.push(row);
    rows.appendChild(row.el);
    const first = row.el.querySelector("input");
    if (first) first.focus();
  };
  const list = { items: [], el: h("div", {}, rows, h("button", { type: "button", id: `add-${id}`, on: { click: add } }, `Add ${label}`)) };
  return list;
}

function projectionInputs() {
  const type = select({ "aria-label": "Projection" }, [["ALL", "All attributes"], ["KEYS_ONLY", "Keys only"], ["INCLUDE", "Include…"]], "ALL");
  const include = h("input", { placeholder: "attributes, comma-separated", "aria-label": "Projected attributes" });
  include.hidden = true;
  type.addEventListener("change", () => { include.hidden = type.value !== "INCLUDE"; });
  return { type, include, projection: () => {
    const p = { ProjectionType: type.value };
    if (type.value === "INCLUDE") p.NonKeyAttributes = include.value.split(",").map((s) => s.trim()).filter(Boolean);
    return p;
  } };
}

function showCreateTable(main) {
  const name = h("input", { id: "table-name", required: true, autocomplete: "off", spellcheck: "false",
    placeholder: "e.g. Users", pattern: "[a-zA-Z0-9_.\\-]{3,255}" });
  const pk = keyInputs("pk", true), sk = keyInputs("sk", false);
  const defaults = h("input", { type: "radio", name: "settings", id: "settings-default", value: "default", checked: true });
  const custom = h("input", { type: "radio", name: "settings", id: "settings-custom", value: "custom" });
  const billing = select({ id: "billing" }, [["PAY_PER_REQUEST", "On-demand"], ["PROVISIONED", "Provisioned"]], "PAY_PER_REQUEST");
  const rcu = h("input", { id: "rcu", type: "number", min: 1, value: "5" });
  const wcu = h("input", { id: "wcu", type: "number", min: 1, value: "5" });
  const gsis = rowList("global secondary index", () => {
    const n = h("input", { placeholder: "index name", "aria-label": "Index name" });
    const p = h("input", { placeholder: "partition key", "aria-label": "Index partition key" });
    const pt = select({ "aria-label": "Index partition key type" }, KEY_TYPES, "S");
    const s = h("input", { placeholder: "sort key (optional)", "aria-label": "Index sort key" });
    const st = select({ "aria-label": "Index sort key type" }, KEY_TYPES, "S");
    const proj = projectionInputs();
    return { el: h("div", { class: "row-item" }, n, p, pt, s, st, proj.type, proj.include), n, p, pt, s, st, proj };
  }, "gsi");
  const lsis = rowList("local secondary index", () => {
    const n = h("input", { placeholder: "index name", "aria-label": "Index name" });
    const s = h("input", { placeholder: "sort key", "aria-label": "Index sort key" });
    const st = select({ "aria-label": "Index sort key type" }, KEY_TYPES, "S");
    const proj = projectionInputs();
    return { el: h("div", { class: "row-item" }, n, s, st, proj.type, proj.include), n, s, st, proj };
  }, "lsi");
  const stream = select({ id: "stream" }, [["", "Off"], ["NEW_AND_OLD_IMAGES", "New and old images"], ["NEW_IMAGE", "New image"],
    ["OLD_IMAGE", "Old image"], ["KEYS_ONLY", "Keys only"]], "");
  const ttl = h("input", { id: "ttl", placeholder: "attribute name (off when empty)", autocomplete: "off" });
  const pitr = h("input", { type: "checkbox", id: "pitr" });
  const protect = h("input", { type: "checkbox", id: "deletion-protection" });
  const tags = h("textarea", { id: "tags", rows: 3, placeholder: "key=value, one per line" });
  const customised = h("fieldset", { class: "custom", hidden: true },
    h("legend", {}, "Table settings"),
    field("Capacity mode", billing), h("div", { class: "inline", id: "provisioned" }, field("Read capacity units", rcu), field("Write capacity units", wcu)),
    h("h3", {}, "Global secondary indexes"), gsis.el,
    h("h3", {}, "Local secondary indexes"), h("small", {}, "Same partition key as the table, another sort key; only at creation."), lsis.el,
    h("h3", {}, "More"),
    field("DynamoDB stream", stream), field("Time to Live attribute", ttl),
    h("div", { class: "check" }, pitr, h("label", { for: "pitr" }, "Point-in-time recovery")),
    h("div", { class: "check" }, protect, h("label", { for: "deletion-protection" }, "Deletion protection")),
    field("Tags", tags));
  const showProvisioned = () => { document.getElementById("provisioned").hidden = billing.value !== "PROVISIONED"; };
  billing.addEventListener("change", showProvisioned);
  const toggle = () => { customised.hidden = !custom.checked; };
  defaults.addEventListener("change", toggle);
  custom.addEventListener("change", toggle);

  const submit = async (event) => {
    event.preventDefault();
    clearNotices();
    const definitions = new Map();
    const define = (n, t) => definitions.set(n, t);
    const req = { TableName: name.value.trim(), KeySchema: [{ AttributeName: pk.name.value.trim(), KeyType: "HASH" }] };
    define(pk.name.value.trim(), pk.type.value);
    if (sk.name.value.trim()) {
      req.KeySchema.push({ AttributeName: sk.name.value.trim(), KeyType: "RANGE" });
      define(sk.name.value.trim(), sk.type.value);
    }
    const after = [];
    if (custom.checked) {
      req.BillingMode = billing.value;
      if (billing.value === "PROVISIONED")
        req.ProvisionedThroughput = { ReadCapacityUnits: Number(rcu.value), WriteCapacityUnits: Number(wcu.value) };
      if (gsis.items.length) {
        req.GlobalSecondaryIndexes = gsis.items.map((g) => {
          const ks = [{ AttributeName: g.p.value.trim(), KeyType: "HASH" }];
          define(g.p.value.trim(), g.pt.value);
          if (g.s.value.trim()) { ks.push({ AttributeName: g.s.value.trim(), KeyType: "RANGE" }); define(g.s.value.trim(), g.st.value); }
          const index = { IndexName: g.n.value.trim(), KeySchema: ks, Projection: g.proj.projection() };
          if (billing.value === "PROVISIONED") index.ProvisionedThroughput = { ...req.ProvisionedThroughput };
          return index;
        });
      }
      if (lsis.items.length) {
        req.LocalSecondaryIndexes = lsis.items.map((l) => {
          define(l.s.value.trim(), l.st.value);
          return { IndexName: l.n.value.trim(), Projection: l.proj.projection(),
            KeySchema: [{ AttributeName: pk.name.value.trim(), KeyType: "HASH" }, { AttributeName: l.s.value.trim(), KeyType: "RANGE" }] };
        });
      }
      if (stream.value) req.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.value };
      if (protect.checked) req.DeletionProtectionEnabled = true;
      const tagList = parseTags(tags.value);
      if (tagList.length) req.Tags = tagList;
      if (ttl.value.trim()) after.push(["UpdateTimeToLive", { TableName: req.TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: ttl.value.trim() } }]);
      if (pitr.checked) after.push(["UpdateContinuousBackups", { TableName: req.TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }]);
    } else {
      req.BillingMode = "PAY_PER_REQUEST";
    }
    req.AttributeDefinitions = [...definitions].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
    try {
      await Api.call("CreateTable", req);
    } catch (e) {
      notify("error", errorText(e));
      return;
    }
    for (const [op, r] of after) {
      try { await Api.call(op, r); } catch (e) { notify("error", `${op}: ${errorText(e)}`); }
    }
    location.hash = "#/tables";
    notify("ok", `Table ${req.TableName} was created.`);
  };

  append(main,
    h("div", { class: "page-head" }, h("h1", {}, "Create table"), h("a", { class: "button", href: "#/tables" }, "Cancel")),
    h("form", { class: "panel", id: "create-form", on: { submit } },
      h("h2", {}, "Table details"),
      field("Table name", name, "3 to 255 characters: letters, digits, _ - ."),
      h("div", { class: "field" }, h("label", { for: "pk-name" }, "Partition key"), pk.row),
      h("div", { class: "field" }, h("label", { for: "sk-name" }, "Sort key"), sk.row),
      h("h2", {}, "Settings"),
      h("div", { class: "choice" },
        h("div", { class: "check" }, defaults, h("label", { for: "settings-default" }, "Default settings"),
          h("small", {}, "On-demand capacity, no secondary indexes, no stream, deletion protection off.")),
        h("div", { class: "check" }, custom, h("label", { for: "settings-custom" }, "Customize settings"))),
      customised,
      h("div", { class: "form-actions" }, h("button", { class: "primary", type: "submit", id: "create-submit" }, "Create table"))));
  showProvisioned();
  name.focus();
}

function parseTags(text) {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const eq = l.indexOf("=");
    return eq < 0 ? { Key: l, Value: "" } : { Key: l.slice(0, eq).trim(), Value: l.slice(eq + 1).trim() };
  });
}

function definitionList(pairs) {
  return h("dl", { class: "facts" }, pairs.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

async function showTable(main, tableName) {
  const t = await Api.describe(tableName);
  const [ttl, backups, tags] = await Promise.all([
    Api.call("DescribeTimeToLive", { TableName: tableName }).catch(() => null),
    Api.call("DescribeContinuousBackups", { TableName: tableName }).catch(() => null),
    Api.call("ListTagsOfResource", { ResourceArn: t.TableArn }).catch(() => null),
  ]);
  const keys = keysOf(t);
  const ttlDesc = ttl && ttl.TimeToLiveDescription;
  const pitr = backups && backups.ContinuousBackupsDescription.PointInTimeRecoveryDescription;
  const indexes = [...(t.GlobalSecondaryIndexes || []).map((i) => ["GSI", i]), ...(t.LocalSecondaryIndexes || []).map((i) => ["LSI", i])];
  const enc = encodeURIComponent(tableName);
  append(main,
    h("div", { class: "page-head" },
      h("h1", {}, tableName),
      h("div", { class: "actions" },
        h("a", { class: "button primary", href: `#/table/${enc}/items`, id: "explore-items" }, "Explore items"),
        h("a", { class: "button", href: `#/table/${enc}/settings` }, "Settings"),
        h("button", { type: "button", class: "danger", id: "delete-table", on: { click: () => confirmDelete(main, t) } }, "Delete"))),
    h("section", { class: "panel" }, h("h2", {}, "Overview"), definitionList([
      ["Status", t.TableStatus],
      ["Partition key", `${keys.partition.name} (${keys.partition.type})`],
      ["Sort key", keys.sort ? `${keys.sort.name} (${keys.sort.type})` : "—"],
      ["Capacity", billingOf(t)],
      ["Items", String(t.ItemCount)],
      ["Size", formatBytes(t.TableSizeBytes)],
      ["Stream", t.StreamSpecification && t.StreamSpecification.StreamEnabled ? t.StreamSpecification.StreamViewType : "Off"],
      ["Time to Live", ttlDesc && ttlDesc.TimeToLiveStatus === "ENABLED" ? `On (${ttlDesc.AttributeName})` : "Off"],
      ["Point-in-time recovery", pitr && pitr.PointInTimeRecoveryStatus === "ENABLED" ? "On" : "Off"],
      ["Deletion protection", t.DeletionProtectionEnabled ? "On" : "Off"],
      ["Tags", tags && tags.Tags.length ? tags.Tags.map((x) => `${x.Key}=${x.Value}`).join(", ") : "—"],
      ["ARN", t.TableArn],
    ])),
    h("section", { class: "panel" }, h("h2", {}, "Indexes"),
      indexes.length === 0 ? h("p", { class: "muted" }, "No secondary indexes.") :
        h("div", { class: "scroll" }, h("table", { class: "grid" },
          h("thead", {}, h("tr", {}, ["Name", "Kind", "Partition key", "Sort key", "Projection", "Status"].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, indexes.map(([kind, i]) => {
            const k = keysOf(t, i.IndexName);
            return h("tr", {}, h("td", {}, i.IndexName), h("td", {}, kind), h("td", {}, `${k.partition.name} (${k.partition.type})`),
              h("td", {}, k.sort ? `${k.sort.name} (${k.sort.type})` : "—"), h("td", {}, i.Projection.ProjectionType),
              h("td", {}, i.IndexStatus || "ACTIVE"));
          }))))));
}

function confirmDelete(main, t) {
  const input = h("input", { id: "confirm-delete", autocomplete: "off", "aria-label": "Type the table name to confirm" });
  const dialog = h("form", { class: "panel danger-zone", role: "dialog", "aria-label": "Delete table", on: { submit: async (event) => {
    event.preventDefault();
    if (input.value !== t.TableName) { notify("error", "Type the table's name exactly to delete it."); return; }
    try {
      await Api.call("DeleteTable", { TableName: t.TableName });
      location.hash = "#/tables";
      notify("ok", `Table ${t.TableName} is being deleted.`);
    } catch (e) { notify("error", errorText(e)); }
  } } },
  h("h2", {}, `Delete ${t.TableName}?`),
  h("p", {}, "Every item in it is deleted. Type the table's name to confirm."), input,
  h("div", { class: "form-actions" }, h("button", { class: "danger", type: "submit", id: "confirm-delete-submit" }, "Delete table"),
    h("button", { type: "button", on: { click: () => dialog.remove() } }, "Cancel")));
  main.insertBefore(dialog, main.children[1] || null);
  input.focus();
}

async function showTableSettings(main, tableName) {
  const t = await Api.describe(tableName);
  const ttl = (await Api.call("DescribeTimeToLive", { TableName: tableName })).TimeToLiveDescription;
  const backups = await Api.call("DescribeContinuousBackups", { TableName: tableName });
  const tags = (await Api.call("ListTagsOfResource", { ResourceArn: t.TableArn })).Tags;
  const mode = (t.BillingModeSummary && t.BillingModeSummary.BillingMode) || "PROVISIONED";
  const billing = select({ id: "set-billing" }, [["PAY_PER_REQUEST", "On-demand"], ["PROVISIONED", "Provisioned"]], mode);
  const rcu = h("input", { id: "set-rcu", type: "number", min: 1, value: String(t.ProvisionedThroughput.ReadCapacityUnits || 5) });
  const wcu = h("input", { id: "set-wcu", type: "number", min: 1, value: String(t.ProvisionedThroughput.WriteCapacityUnits || 5) });
  const currentStream = t.StreamSpecification && t.StreamSpecification.StreamEnabled ? t.StreamSpecification.StreamViewType : "";
  const stream = select({ id: "set-stream" }, [["", "Off"], ["NEW_AND_OLD_IMAGES", "New and old images"], ["NEW_IMAGE", "New image"],
    ["OLD_IMAGE", "Old image"], ["KEYS_ONLY", "Keys only"]], currentStream);
  const protect = h("input", { type: "checkbox", id: "set-protection", checked: t.DeletionProtectionEnabled });
  const ttlOn = ttl.TimeToLiveStatus === "ENABLED";
  const ttlName = h("input", { id: "set-ttl", value: ttl.AttributeName || "", placeholder: "attribute name (off when empty)" });
  const pitrOn = backups.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus === "ENABLED";
  const pitr = h("input", { type: "checkbox", id: "set-pitr", checked: pitrOn });
  const tagText = h("textarea", { id: "set-tags", rows: 3, value: tags.map((x) => `${x.Key}=${x.Value}`).join("\n") });
  const submit = async (event) => {
    event.preventDefault();
    clearNotices();
    const steps = [];
    const update = { TableName: tableName };
    if (billing.value !== mode) update.BillingMode = billing.value;
    if (billing.value === "PROVISIONED" && (mode !== "PROVISIONED" || Number(rcu.value) !== t.ProvisionedThroughput.ReadCapacityUnits ||
        Number(wcu.value) !== t.ProvisionedThroughput.WriteCapacityUnits))
      update.ProvisionedThroughput = { ReadCapacityUnits: Number(rcu.value), WriteCapacityUnits: Number(wcu.value) };
    // Moving to provisioned capacity needs each GSI's capacity too; the console gives them the table's.
    if (update.BillingMode === "PROVISIONED" && (t.GlobalSecondaryIndexes || []).length)
      update.GlobalSecondaryIndexUpdates = t.GlobalSecondaryIndexes.map((i) => ({ Update: { IndexName: i.IndexName,
        ProvisionedThroughput: { ...update.ProvisionedThroughput } } }));
    if (stream.value !== currentStream)
      update.StreamSpecification = stream.value ? { StreamEnabled: true, StreamViewType: stream.value } : { StreamEnabled: false };
    if (Object.keys(update).length > 1) steps.push(["UpdateTable", update]);
    // DynamoDB takes a deletion protection change only as an UpdateTable of its own.
    if (protect.checked !== Boolean(t.DeletionProtectionEnabled))
      steps.push(["UpdateTable", { TableName: tableName, DeletionProtectionEnabled: protect.checked }]);
    const wantTtl = ttlName.value.trim();
    if (wantTtl && (!ttlOn || wantTtl !== ttl.AttributeName))
      steps.push(["UpdateTimeToLive", { TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: wantTtl } }]);
    if (!wantTtl && ttlOn)
      steps.push(["UpdateTimeToLive", { TableName: tableName, TimeToLiveSpecification: { Enabled: false, AttributeName: ttl.AttributeName } }]);
    if (pitr.checked !== pitrOn)
      steps.push(["UpdateContinuousBackups", { TableName: tableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: pitr.checked } }]);
    const wanted = parseTags(tagText.value);
    const removed = tags.filter((x) => !wanted.some((w) => w.Key === x.Key)).map((x) => x.Key);
    const changed = wanted.filter((w) => !tags.some((x) => x.Key === w.Key && x.Value === w.Value));
    if (removed.length) steps.push(["UntagResource", { ResourceArn: t.TableArn, TagKeys: removed }]);
    if (changed.length) steps.push(["TagResource", { ResourceArn: t.TableArn, Tags: changed }]);
    if (steps.length === 0) { notify("ok", "Nothing changed."); return; }
    for (const [op, r] of steps) {
      try { await Api.call(op, r); } catch (e) { notify("error", `${op}: ${errorText(e)}`); return; }
    }
    location.hash = `#/table/${encodeURIComponent(tableName)}`;
    notify("ok", `Saved: ${steps.map(([op]) => op).join(", ")}.`);
  };
  append(main,
    h("div", { class: "page-head" }, h("h1", {}, `${tableName}: settings`),
      h("a", { class: "button", href: `#/table/${encodeURIComponent(tableName)}` }, "Cancel")),
    h("form", { class: "panel", on: { submit } },
      field("Capacity mode", billing), h("div", { class: "inline" }, field("Read capacity units", rcu), field("Write capacity units", wcu)),
      field("DynamoDB stream", stream), field("Time to Live attribute", ttlName),
      h("div", { class: "check" }, pitr, h("label", { for: "set-pitr" }, "Point-in-time recovery")),
      h("div", { class: "check" }, protect, h("label", { for: "set-protection" }, "Deletion protection")),
      field("Tags", tagText, "key=value, one per line"),
      h("div", { class: "form-actions" }, h("button", { class: "primary", type: "submit", id: "save-settings" }, "Save changes"))));
}
