"use strict";
// The locator's dashboard: one server-sent event stream of frames for the page of clusters shown
// (dashboard/stream), plotted with uPlot. Frames carry the samples the page has not seen yet; a
// full frame (the first, and when the page's clusters change) replaces everything.
(() => {
  const Steps = 200;            // ClusterSeries.Steps: health and utilization arrive in steps of 1/200
  const KeptSamples = 900;      // SampleClock.Length: 15 minutes at one a second
  const $ = id => document.getElementById(id);
  const palette = ["#2f6fb3", "#d9822b", "#3a9a5b", "#c23b3b", "#8e5cc2", "#7a5a3a", "#d160a8", "#6b6b6b", "#a8a81f", "#1fa8b8"];

  const view = { service: "", page: 0, pageSize: 50 };
  let source = null, retry = null;
  let times = [], fleet = [], series = new Map(), rows = [], plots = {}, plotIds = "";

  function text(el, value) { el.textContent = value; return el; }
  function cell(row, value, cls) { const td = row.insertCell(); td.textContent = value; if (cls) td.className = cls; return td; }
  function label(kind, value) { const s = document.createElement("span"); s.className = "label " + kind; s.textContent = value ?? kind; return s; }
  function pct(x) { return x == null ? "—" : (x * 100).toFixed(0) + "%"; }
  function age(ms) { return ms < 1000 ? ms + " ms" : (ms / 1000).toFixed(1) + " s"; }

  function connect() {
    if (source) source.close();
    clearTimeout(retry);
    const query = new URLSearchParams({ page: view.page, pageSize: view.pageSize });
    if (view.service) query.set("service", view.service);
    source = new EventSource("dashboard/stream?" + query);
    source.addEventListener("frame", e => { setLive(true); apply(JSON.parse(e.data)); });
    source.onerror = () => {
      setLive(false);
      // Refused (too many streams, bad query) or the locator is gone: the browser gives up, so retry.
      if (source.readyState === EventSource.CLOSED) retry = setTimeout(connect, 5000);
    };
  }

  function setLive(live) { const el = $("live"); el.dataset.live = live; el.textContent = live ? "live" : "reconnecting…"; }

  function apply(frame) {
    header(frame.header);
    if (frame.services) services(frame.services);
    page(frame.page);
    if (frame.full) { times = []; fleet = []; series = new Map(); }
    for (const [id, points] of Object.entries(frame.series)) {
      if (!series.has(id)) series.set(id, { health: times.map(() => null), utilization: times.map(() => null), placements: times.map(() => null) });
      const s = series.get(id);
      s.health.push(...points.health.map(v => v == null ? null : v / Steps));
      s.utilization.push(...points.utilization.map(v => v == null ? null : v / Steps));
      s.placements.push(...points.placements);
    }
    times.push(...frame.times.map(ms => ms / 1000));
    fleet.push(...frame.fleet);
    for (const [id, s] of series) {
      if (!(id in frame.series)) { series.delete(id); continue; }
      for (const key of ["health", "utilization", "placements"]) if (s[key].length > KeptSamples) s[key].splice(0, s[key].length - KeptSamples);
    }
    if (times.length > KeptSamples) { times.splice(0, times.length - KeptSamples); fleet.splice(0, fleet.length - KeptSamples); }
    rows = frame.rows;
    table(rows);
    draw();
    share(rows);
    events(frame.events, frame.full);
  }

  function header(h) {
    text($("version"), "v" + h.version);
    text($("policy"), h.policy);
    text($("store-kind"), h.storeKind);
    $("store").dataset.healthy = h.storeHealthy;
    text($("store-state"), h.storeHealthy ? "healthy" : "unreachable");
    const problem = $("store-problem");
    problem.hidden = h.storeHealthy;
    problem.textContent = h.storeHealthy ? "" : `Store unreachable (last contact ${age(h.storeContactAgeMs)} ago): ${h.storeProblem ?? ""}. Placements are answered as stale.`;
    $("ready").dataset.ready = h.ready;
    text($("ready"), h.ready ? "ready" : "not ready");
    text($("eligible"), h.eligible); text($("clusters"), h.clusters);
    text($("rate"), h.placementsPerSecond);
    text($("p99"), h.locateP99Ms == null ? "—" : h.locateP99Ms.toFixed(h.locateP99Ms < 10 ? 2 : 0) + " ms");
  }

  function services(list) {
    const select = $("service");
    const known = [...select.options].slice(1).map(o => o.value).join("\n");
    if (known !== list.map(s => s.name).join("\n")) {
      select.replaceChildren(new Option("every service", ""), ...list.map(s => new Option(s.name, s.name)));
      select.value = view.service;
    }
    for (const option of [...select.options].slice(1)) {
      const s = list.find(x => x.name === option.value);
      if (s) option.textContent = `${s.name} (${s.eligible}/${s.clusters} eligible)`;
    }
  }

  function page(p) {
    view.page = p.page;
    text($("page-info"), p.total === 0 ? "no cluster" : `page ${p.page + 1} of ${p.pages} · ${p.total} clusters`);
    $("prev").disabled = p.page === 0;
    $("next").disabled = p.page + 1 >= p.pages;
  }

  function table(list) {
    const body = $("rows");
    body.replaceChildren();
    if (list.length === 0) { cell(body.insertRow(), "no cluster registered yet", "muted").colSpan = 10; return; }
    let service = null;
    for (const c of list) {
      if (c.service !== service) {
        service = c.service;
        const head = body.insertRow(); head.className = "service"; head.dataset.service = service;
        const th = document.createElement("th"); th.colSpan = 10; th.textContent = "service " + service;
        const button = document.createElement("button"); button.type = "button"; button.className = "explain"; button.textContent = "explain";
        button.onclick = () => explain(c.service);
        th.append(button); head.append(th);
      }
      const row = body.insertRow();
      row.dataset.cluster = c.clusterId; row.dataset.state = c.state; row.dataset.stale = c.stale;
      cell(row, c.clusterId); cell(row, c.zone ?? "—");
      const state = cell(row, "");
      state.append(label(c.state));
      if (c.stale) state.append(" ", label("stale"));
      if (c.state === "active" && !c.eligible) state.append(" ", label("zero", "full"));
      const h = cell(row, c.health.toFixed(3));
      const bar = document.createElement("span"); bar.className = "bar"; bar.style.width = (c.health * 80) + "px";
      h.prepend(bar);
      const inputs = c.reportedHealth != null
        ? `reported ${c.reportedHealth.toFixed(3)} − placed`
        : `avail ${pct(c.availability)} × (1 − util ${pct(c.utilization)})` + (c.cpu != null || c.memory != null ? ` · cpu ${pct(c.cpu)} mem ${pct(c.memory)}` : "");
      cell(row, inputs, "inputs");
      cell(row, `${c.sessions} / ${c.capacity}`);
      cell(row, c.members == null ? "—" : `${c.healthyMembers ?? c.members} / ${c.members}`);
      cell(row, String(c.placedSinceReport));
      cell(row, String(c.placementsPerSecond));
      cell(row, age(c.reportAgeMs));
    }
  }

  function draw() {
    const ids = rows.map(r => r.clusterId).filter(id => series.has(id));
    const key = ids.join("\n");
    const spec = [["health", "plot-health", 0, 1], ["utilization", "plot-utilization", 0, 1], ["placements", "plot-placements", 0, null]];
    for (const [field, element, min, max] of spec) {
      const data = [times, ...ids.map(id => series.get(id)[field])];
      if (key !== plotIds || !plots[field]) {
        plots[field]?.destroy();
        const target = $(element);
        const opts = {
          width: Math.max(320, target.clientWidth || 480), height: 180,
          scales: { x: { time: true }, y: max == null ? { range: (u, lo, hi) => [0, Math.max(1, hi)] } : { range: [min, max] } },
          series: [{}, ...ids.map((id, i) => ({ label: id, stroke: palette[i % palette.length], width: 1.5, spanGaps: false }))],
          legend: { show: ids.length <= 12 },
          axes: [{}, { size: 45 }],
        };
        plots[field] = new uPlot(opts, data, target);
      } else {
        plots[field].setData(data);
      }
    }
    plotIds = key;
  }

  function share(list) {
    const target = $("plot-share");
    const legend = document.createElement("div"); legend.className = "legend";
    legend.innerHTML = '<span class="key placed"></span> placements <span class="key capacity"></span> capacity (expired clusters count none)';
    target.replaceChildren(legend);
    const placed = list.map(c => (series.get(c.clusterId)?.placements ?? []).reduce((a, b) => a + (b ?? 0), 0));
    const totalPlaced = placed.reduce((a, b) => a + b, 0);
    const live = list.map(c => c.state === "expired" ? 0 : c.capacity);
    const totalCapacity = live.reduce((a, b) => a + b, 0);
    list.forEach((c, i) => {
      const row = document.createElement("div"); row.className = "row"; row.dataset.cluster = c.clusterId;
      const name = document.createElement("span");
      const bars = document.createElement("div"); bars.className = "bars";
      const p = totalPlaced ? placed[i] / totalPlaced : 0, k = totalCapacity ? live[i] / totalCapacity : 0;
      name.textContent = `${c.clusterId} ${pct(p)} / ${pct(k)}`;
      for (const [cls, v, what] of [["placed", p, "placements"], ["capacity", k, "capacity"]]) {
        const b = document.createElement("div"); b.className = cls; b.style.width = (v * 100) + "%"; b.title = `${pct(v)} of ${what}`;
        bars.append(b);
      }
      row.title = `${c.clusterId}: ${pct(p)} of placements, ${pct(k)} of capacity`;
      row.append(name, bars); target.append(row);
    });
  }

  function events(list, full) {
    const ol = $("events");
    if (full) ol.replaceChildren();
    for (const e of list) {
      const li = document.createElement("li"); li.dataset.kind = e.kind;
      const when = new Date(e.unixMs).toLocaleTimeString();
      li.append(text(document.createElement("span"), when + " "), text(Object.assign(document.createElement("span"), { className: "kind" }), e.kind),
        " " + (e.clusterId ? `${e.clusterId} (${e.service})` : "") + " — " + e.detail);
      ol.prepend(li);
    }
    while (ol.children.length > 200) ol.lastChild.remove();
  }

  async function explain(service) {
    const panel = $("explain");
    panel.hidden = false;
    text($("explain-service"), service);
    text($("explain-reason"), "asking the locator…");
    const body = $("explain-rows"); body.replaceChildren();
    try {
      const response = await fetch("v1/locate?" + new URLSearchParams({ service, explain: "true" }));
      const answer = await response.json();
      if (!response.ok) { text($("explain-reason"), `${answer.title ?? response.status}: ${answer.detail ?? ""}`); return; }
      text($("explain-reason"), (answer.chosen ? `A locate would pick ${answer.chosen} (policy ${answer.policy}): ` : `No cluster would be picked (policy ${answer.policy}): `) + answer.reason);
      for (const c of answer.candidates) {
        const row = body.insertRow(); row.dataset.cluster = c.clusterId;
        if (c.clusterId === answer.chosen) row.className = "chosen";
        cell(row, c.clusterId); cell(row, c.state); cell(row, c.health.toFixed(3)); cell(row, c.nextHealth == null ? "—" : c.nextHealth.toFixed(3));
        cell(row, `${c.sessions} / ${c.capacity}`); cell(row, c.members == null ? "—" : `${c.healthyMembers ?? c.members} / ${c.members}`);
        cell(row, String(c.placedSinceReport)); cell(row, c.stale ? "stale" : "");
      }
    } catch (error) {
      text($("explain-reason"), "the locator did not answer: " + error);
    }
  }

  $("service").onchange = e => { view.service = e.target.value; view.page = 0; connect(); };
  $("page-size").onchange = e => { view.pageSize = Number(e.target.value); view.page = 0; connect(); };
  $("prev").onclick = () => { view.page = Math.max(0, view.page - 1); connect(); };
  $("next").onclick = () => { view.page += 1; connect(); };
  $("explain-close").onclick = () => { $("explain").hidden = true; };
  window.addEventListener("resize", () => { plotIds = ""; draw(); });
  connect();
})();
