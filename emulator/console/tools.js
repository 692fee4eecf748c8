// The test tools: the live request log, the access-pattern and cost report, fault injection,
// snapshot and reset, the clock and a TTL sweep. All through the /_dynemu/ admin endpoints.
"use strict";

let requestLogTimer = null;

async function showRequests(main) {
  const body = h("tbody", {});
  const auto = h("input", { type: "checkbox", id: "auto-refresh", checked: true });
  const summary = h("span", { class: "muted", id: "log-summary" });
  let rates = { readRequestUnitsPerMillion: 0.25, writeRequestUnitsPerMillion: 1.25 };
  try { rates = (await Api.admin("GET", "report")).rates || rates; } catch (e) { /* the defaults */ }
  const refresh = async () => {
    if (!document.body.contains(body)) { clearInterval(requestLogTimer); requestLogTimer = null; return; }
    let log;
    try { log = await Api.admin("GET", "requests"); } catch (e) { summary.textContent = errorText(e); return; }
    const records = log.requests.slice().reverse();
    clear(body);
    let cost = 0, rcu = 0, wcu = 0;
    for (const r of records) {
      const dollars = (r.readUnits * rates.readRequestUnitsPerMillion + r.writeUnits * rates.writeRequestUnitsPerMillion) / 1e6;
      cost += dollars; rcu += r.readUnits; wcu += r.writeUnits;
      const access = r.scan ? h("span", { class: "badge warn", title: "A Scan reads every item of the table or index" }, "Scan ⚠")
        : r.keyCondition ? h("span", { class: "badge" }, "Query") : "";
      append(body, h("tr", { class: r.status >= 400 ? "failed" : "" },
        h("td", { class: "num" }, r.sequence),
        h("td", {}, r.operation),
        h("td", {}, r.tables.length > 1 ? r.tables.join(", ") : r.table),
        h("td", {}, r.index || ""),
        h("td", {}, access),
        h("td", { class: "num" }, r.itemsRead || r.itemsReturned || r.readUnits ? `${r.itemsReturned}/${r.itemsRead}` : ""),
        h("td", { class: "num" }, r.readUnits ? String(r.readUnits) : ""),
        h("td", { class: "num" }, r.writeUnits ? String(r.writeUnits) : ""),
        h("td", { class: "num" }, dollars ? `$${dollars.toFixed(7)}` : ""),
        h("td", {}, r.status === 200 ? "200" : `${r.status} ${r.error}${r.injected ? " (injected)" : ""}`),
        h("td", { class: "num" }, r.durationMs.toFixed(1))));
    }
    if (records.length === 0) append(body, h("tr", {}, h("td", { colspan: 11, class: "empty" }, "No requests yet.")));
    summary.textContent = `${records.length} requests · ${rcu} RCU · ${wcu} WCU · $${cost.toFixed(6)} at $${rates.readRequestUnitsPerMillion}/M reads, $${rates.writeRequestUnitsPerMillion}/M writes`;
  };
  append(main,
    h("div", { class: "page-head" }, h("h1", {}, "Request log"),
      h("div", { class: "actions" },
        h("div", { class: "check" }, auto, h("label", { for: "auto-refresh" }, "Live")),
        h("button", { type: "button", on: { click: refresh } }, "Refresh"),
        h("button", { type: "button", id: "clear-log", on: { click: async () => { await Api.admin("DELETE", "requests"); refresh(); } } }, "Clear"))),
    h("p", {}, summary),
    h("div", { class: "scroll" }, h("table", { class: "grid", id: "request-log" },
      h("thead", {}, h("tr", {}, ["#", "Operation", "Table", "Index", "Access", "Items (ret/read)", "RCU", "WCU", "Cost", "Status", "ms"]
        .map((c) => h("th", { scope: "col" }, c)))), body)));
  await refresh();
  if (requestLogTimer) clearInterval(requestLogTimer);
  requestLogTimer = setInterval(() => { if (auto.checked) refresh(); }, 1500);
}

async function showTools(main) {
  const faultList = h("tbody", {});
  const clockText = h("output", { id: "clock-now" });
  const snapshotText = h("output", { id: "snapshot-state" });
  const report = h("pre", { id: "report", class: "report" });
  const run = (fn) => async (event) => {
    if (event && event.preventDefault) event.preventDefault();
    try { await fn(); } catch (e) { notify("error", errorText(e)); }
  };
  const renderFaults = (faults) => {
    clear(faultList);
    for (const f of faults) {
      append(faultList, h("tr", {}, h("td", {}, f.operation), h("td", {}, f.table || "any"), h("td", {}, f.error || "—"),
        h("td", { class: "num" }, f.count < 0 ? "every call" : String(f.count)), h("td", { class: "num" }, f.latencyMs ? `${f.latencyMs} ms` : "")));
    }
    if (faults.length === 0) append(faultList, h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No faults armed.")));
  };
  const refreshClock = async () => {
    const c = await Api.admin("GET", "clock");
    clockText.textContent = `${new Date(c.now * 1000).toISOString()} (${c.now.toFixed(3)} s)${c.real ? " · system clock" : ""}${c.frozen ? " · frozen" : ""}`;
  };
  const refreshHealth = async () => {
    const health = await Api.admin("GET", "health");
    snapshotText.textContent = `${health.tables} tables · ${health.snapshot ? "a baseline snapshot is held" : "no snapshot: reset deletes every table"}`;
  };
  const refreshReport = async () => { report.textContent = await Api.admin("GET", "report?format=text"); };

  const fOp = h("input", { id: "fault-op", value: "*", "aria-label": "Operation" });
  const fTable = h("input", { id: "fault-table", placeholder: "any table", "aria-label": "Table" });
  const fError = select({ id: "fault-error", "aria-label": "Error" }, ["ProvisionedThroughputExceededException", "ThrottlingException",
    "InternalServerError", "ServiceUnavailable", "RequestLimitExceeded", "TransactionConflictException", ["", "(latency only)"]], "ProvisionedThroughputExceededException");
  const fCount = h("input", { id: "fault-count", type: "number", value: "1", "aria-label": "Count (-1: every call)" });
  const fLatency = h("input", { id: "fault-latency", type: "number", value: "0", min: 0, "aria-label": "Latency in ms" });
  const addFault = run(async () => {
    const f = { operation: fOp.value.trim(), count: Number(fCount.value) };
    if (fTable.value.trim()) f.table = fTable.value.trim();
    if (fError.value) f.error = fError.value;
    if (Number(fLatency.value) > 0) f.latencyMs = Number(fLatency.value);
    renderFaults((await Api.admin("POST", "faults", f)).faults);
    notify("ok", "Fault armed.");
  });
  const seconds = h("input", { id: "clock-advance", type: "number", value: "3600", min: 0, "aria-label": "Seconds" });
  const setTo = h("input", { id: "clock-set", type: "datetime-local", step: 1, "aria-label": "Date and time (UTC)" });

  append(main,
    h("div", { class: "page-head" }, h("h1", {}, "Test tools")),
    h("div", { class: "cards" },
      h("section", { class: "panel" }, h("h2", {}, "Snapshot and reset"), h("p", {}, snapshotText),
        h("div", { class: "actions" },
          h("button", { type: "button", id: "take-snapshot", on: { click: run(async () => { await Api.admin("POST", "snapshot"); await refreshHealth(); notify("ok", "Snapshot taken: reset returns here."); }) } }, "Take snapshot"),
          h("button", { type: "button", on: { click: run(async () => { await Api.admin("DELETE", "snapshot"); await refreshHealth(); }) } }, "Discard snapshot"),
          h("button", { type: "button", class: "danger", id: "reset", on: { click: run(async () => {
            const r = await Api.admin("POST", "reset");
            await refreshHealth();
            notify("ok", r.restored === "snapshot" ? "Reset to the snapshot." : "Reset: every table deleted.");
          }) } }, "Reset"))),
      h("section", { class: "panel" }, h("h2", {}, "Clock and TTL"), h("p", {}, "Server clock: ", clockText),
        h("div", { class: "inline" }, seconds,
          h("button", { type: "button", on: { click: run(async () => { await Api.admin("POST", "clock", { advance: Number(seconds.value) }); await refreshClock(); }) } }, "Advance seconds")),
        h("div", { class: "inline" }, setTo,
          h("button", { type: "button", on: { click: run(async () => {
            if (!setTo.value) throw new Error("Choose a date and time first");
            await Api.admin("POST", "clock", { now: Date.parse(`${setTo.value}Z`) / 1000 }); await refreshClock();
          }) } }, "Set (UTC)")),
        h("div", { class: "actions" },
          h("button", { type: "button", on: { click: run(async () => { await Api.admin("POST", "clock", { advance: 0, freeze: true }); await refreshClock(); }) } }, "Freeze"),
          h("button", { type: "button", on: { click: run(async () => { await Api.admin("POST", "clock", { advance: 0, freeze: false }); await refreshClock(); }) } }, "Unfreeze"),
          h("button", { type: "button", on: { click: run(async () => { await Api.admin("POST", "clock", { real: true }); await refreshClock(); }) } }, "System clock"),
          h("button", { type: "button", id: "ttl-sweep", on: { click: run(async () => {
            const r = await Api.admin("POST", "ttl/sweep");
            notify("ok", `TTL sweep deleted ${r.deleted} expired item${r.deleted === 1 ? "" : "s"}.`);
          }) } }, "Run TTL sweep"))),
      h("section", { class: "panel wide" }, h("h2", {}, "Fault injection"),
        h("p", { class: "muted" }, "The next matching calls fail with DynamoDB's error, or are delayed, before they run."),
        h("form", { class: "inline fault-form", on: { submit: addFault } },
          field("Operation", fOp), field("Table", fTable), field("Error", fError), field("Count", fCount), field("Latency (ms)", fLatency),
          h("button", { class: "primary", type: "submit", id: "add-fault" }, "Arm fault")),
        h("div", { class: "scroll" }, h("table", { class: "grid" },
          h("thead", {}, h("tr", {}, ["Operation", "Table", "Error", "Calls", "Latency"].map((c) => h("th", { scope: "col" }, c)))), faultList)),
        h("button", { type: "button", on: { click: run(async () => { await Api.admin("DELETE", "faults"); renderFaults([]); }) } }, "Clear faults")),
      h("section", { class: "panel wide" }, h("h2", {}, "Access patterns and cost"),
        h("div", { class: "actions" },
          h("button", { type: "button", on: { click: run(refreshReport) } }, "Refresh"),
          h("button", { type: "button", on: { click: run(async () => { await Api.admin("DELETE", "report"); await refreshReport(); }) } }, "Clear report")),
        report)));
  await Promise.all([refreshClock(), refreshHealth(), refreshReport(),
    Api.admin("GET", "faults").then((f) => renderFaults(f.faults)).catch(() => {})]);
}

async function showPartiql(main) {
  const statement = h("textarea", { id: "statement", rows: 5, spellcheck: "false", class: "json", "aria-label": "PartiQL statement",
    placeholder: 'SELECT * FROM "Users" WHERE "UserId" = \'u-1001\'' });
  const results = h("div", { id: "partiql-results" });
  let nextToken;
  const run = async (continuing) => {
    clear(results);
    const req = { Statement: statement.value, ReturnConsumedCapacity: "TOTAL" };
    if (continuing && nextToken) req.NextToken = nextToken;
    let page;
    try { page = await Api.call("ExecuteStatement", req); } catch (e) {
      append(results, h("div", { class: "notice error", role: "alert" }, errorText(e)));
      return;
    }
    nextToken = page.NextToken;
    const items = page.Items || [];
    const columns = [];
    items.forEach((i) => Object.keys(i).forEach((k) => { if (!columns.includes(k)) columns.push(k); }));
    const units = page.ConsumedCapacity ? ` · ${page.ConsumedCapacity.CapacityUnits} units` : "";
    append(results, h("div", { class: "result-bar" }, h("span", {}, `${items.length} items${units}`),
      h("button", { type: "button", disabled: !nextToken, on: { click: () => run(true) } }, "Next page ›")),
    h("div", { class: "scroll" }, h("table", { class: "grid items" },
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, items.length === 0 ? h("tr", {}, h("td", { class: "empty" }, "No items.")) : items.map((item) => h("tr", {},
        columns.map((c) => item[c] === undefined ? h("td", { class: "absent" }, "") : h("td", { "data-type": avType(item[c]) }, avText(item[c])))))))));
  };
  statement.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(false); } });
  append(main, h("div", { class: "page-head" }, h("h1", {}, "PartiQL editor")),
    h("form", { class: "panel", on: { submit: (e) => { e.preventDefault(); run(false); } } },
      statement,
      h("div", { class: "form-actions" }, h("button", { class: "primary", type: "submit", id: "run-statement" }, "Run"),
        h("small", { class: "muted" }, "Ctrl+Enter runs. Values are ExecuteStatement's, shown as stored."))),
    results);
  statement.focus();
}
