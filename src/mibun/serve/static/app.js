/* mibun explorer: the page shell — state from the URL, the function box, tabs, language, errors, and the
   transport to the library (fetch to the local server, or the Jupyter widget's comm channel).
   User text only ever goes into the page through textContent or as a URL parameter. */
"use strict";
(function (g) {
  const VIEWS = ["tangent", "quotient", "limit", "steps", "surface", "descent", "backprop"];
  const DEFAULTS = { f: "sin(x)*x", view: "tangent", x0: "1", lang: "en" };
  const TWO_VAR_DEFAULT = "x^2 + 3*y^2 - x*y";

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children || []) if (c) e.appendChild(c);
    return e;
  }

  function fetchTransport(base) {
    return async (path, params) => {
      const qs = new URLSearchParams(params).toString();
      const r = await fetch(base + path + "?" + qs, { credentials: "same-origin" });
      return { status: r.status, data: await r.json() };
    };
  }

  function num(v) {  // a number as the library gave it: JavaScript's shortest round-trip form
    if (v === null || v === undefined) return "—";
    if (typeof v === "number") return String(v);
    return String(v);
  }

  class App {
    constructor(root, opts) {
      this.root = root; this.opts = opts || {};
      this.transport = this.opts.transport || fetchTransport(this.opts.base || "");
      this.useUrl = this.opts.useUrl !== false;
      const p = Object.assign({}, DEFAULTS, this.opts.params || {});
      if (this.useUrl) new URLSearchParams(g.location.search).forEach((v, k) => { p[k] = v; });
      if (!VIEWS.includes(p.view)) p.view = "tangent";
      p.lang = p.lang === "ko" ? "ko" : "en";
      this.state = p; this.seq = 0; this.views = {}; this.s = {};
      g.mibunTimings = g.mibunTimings || [];
    }
    async start() {
      await this.loadStrings();
      this.build();
      this.show(this.state.view);
    }
    async loadStrings() {
      const r = await this.transport("/api/strings", { lang: this.state.lang });
      this.s = r.data.ui || {};
    }
    t(key) { return this.s[key] || key; }
    api(path, params) { return this.transport(path, Object.assign({ lang: this.state.lang }, params)); }
    set(key, value, quiet) {
      if (value === null || value === undefined || value === "") delete this.state[key]; else this.state[key] = String(value);
      if (!quiet) this.syncUrl();
    }
    syncUrl() {
      if (!this.useUrl) return;
      const pub = Object.fromEntries(Object.entries(this.state).filter(([k]) => !k.startsWith("_")));
      const q = new URLSearchParams(pub).toString();
      g.history.replaceState(null, "", "?" + q);
    }
    build() {
      const r = this.root;
      r.textContent = "";
      r.setAttribute("lang", this.state.lang);
      this.input = el("input", { id: "mb-f", type: "text", spellcheck: "false", autocomplete: "off",
        "aria-describedby": "mb-error", placeholder: this.t("function_hint") });
      this.input.value = this.state.f || "";
      this.input.addEventListener("input", () => this.onType());
      this.error = el("div", { id: "mb-error", class: "mb-error", role: "alert", "aria-live": "polite" });
      this.warn = el("div", { id: "mb-warn", class: "mb-warn" });
      this.timing = el("div", { id: "mb-timing", class: "mb-timing" });
      const lang = el("select", { id: "mb-lang", "aria-label": this.t("language") }, [
        el("option", { value: "ko", text: "한국어" }), el("option", { value: "en", text: "English" })]);
      lang.value = this.state.lang;
      lang.addEventListener("change", async () => { this.set("lang", lang.value); await this.loadStrings(); this.views = {}; this.build(); this.show(this.state.view); });
      const top = el("div", { class: "mb-top" }, [
        el("div", { class: "mb-title", text: this.t("title") }),
        el("div", { class: "mb-fbox" }, [el("label", { for: "mb-f", text: this.t("function") }), this.input, this.error, this.warn]),
        el("label", { class: "mb-lang" }, [lang])]);
      this.tabs = el("div", { class: "mb-tabs", role: "tablist" });
      for (const v of VIEWS) {
        this.tabs.appendChild(el("button", { role: "tab", id: "mb-tab-" + v, "data-view": v, text: this.t("view." + v),
          onclick: () => this.show(v) }));
      }
      this.main = el("div", { id: "mb-main" });
      r.append(top, this.tabs, this.main, this.timing);
    }
    show(view) {
      this.set("view", view);
      for (const b of this.tabs.children) b.setAttribute("aria-selected", String(b.dataset.view === view));
      for (const [name, v] of Object.entries(this.views)) v.root.classList.toggle("mb-hidden", name !== view);
      if (!this.views[view]) {
        const root = el("section", { id: "mb-view-" + view, class: "mb-view", "data-view": view });
        this.main.appendChild(root);
        const V = g.MibunViews[view];
        this.views[view] = { root, impl: V };
        V.build(this, root);
      }
      const needs2 = view === "surface" || view === "descent";
      if (needs2 && this.state.f === DEFAULTS.f && !this.state._typed) { this.state.f = TWO_VAR_DEFAULT; this.input.value = this.state.f; }
      this.update("function");
    }
    onType() {
      this.state._typed = "1";
      clearTimeout(this._deb);
      this._deb = setTimeout(() => {
        if (this.state.preset) { delete this.state.preset; const sel = this.root.querySelector("#mb-preset"); if (sel) sel.value = "typed"; }
        this.set("f", this.input.value); this.update("function");
      }, 120);
    }
    update(reason) {
      const v = this.views[this.state.view];
      if (v) v.impl.update(this, v.root, reason || "function");
    }
    begin() { this.seq += 1; return { seq: this.seq, t0: performance.now() }; }
    current(tok) { return tok.seq === this.seq; }
    done(tok, what) {
      const ms = performance.now() - tok.t0;
      g.mibunTimings.push({ view: this.state.view, what: what || "update", f: this.state.f, ms, net: tok.net });
      this.timing.textContent = this.t("redraw_ms") + ": " + ms.toFixed(1) + " ms";
      this.root.dataset.ready = String(tok.seq);
    }
    showError(data) {
      const msg = (data && data.error && data.error.message) || "?";
      this.error.textContent = msg;
      this.input.setAttribute("aria-invalid", "true");
      this.root.dataset.error = "1";
    }
    clearError(data) {
      this.error.textContent = "";
      this.input.removeAttribute("aria-invalid");
      delete this.root.dataset.error;
      this.warn.textContent = (data && data.warnings && data.warnings.length) ? data.warnings.join("\n") : "";
    }
    async call(path, params, what) {  // one request with stale-answer and error handling
      const tok = this.begin();
      let r;
      try { r = await this.api(path, params); } catch (e) { r = { status: 0, data: { error: { message: String(e) } } }; }
      tok.net = performance.now() - tok.t0;  // request + computation + JSON; the rest of done() is drawing
      if (!this.current(tok)) return null;
      if (r.status !== 200) { this.showError(r.data); this.done(tok, what); return null; }
      this.clearError(r.data);
      return { data: r.data, tok };
    }
  }

  function tex(node, latex, display) {
    node.textContent = "";
    if (latex === null || latex === undefined) return node;
    if (g.katex) {
      try { g.katex.render(String(latex), node, { displayMode: !!display, throwOnError: false, trust: false, strict: "ignore", maxExpand: 500 }); return node; } catch (e) { /* fall through */ }
    }
    node.textContent = String(latex);
    return node;
  }

  function readout(table, rows) {  // rows: [id, label, value]
    table.textContent = "";
    for (const [id, label, value] of rows) {
      table.appendChild(el("tr", {}, [el("th", { text: label }), el("td", { id: id, "data-value": num(value), text: num(value) })]));
    }
  }

  g.MibunApp = { App, el, tex, num, readout, fetchTransport, VIEWS, mount: async (root, opts) => { const a = new App(root, opts); await a.start(); return a; } };
  g.MibunViews = g.MibunViews || {};

  if (typeof document !== "undefined") {
    document.addEventListener("DOMContentLoaded", () => {
      const root = document.getElementById("mibun-app");
      if (root && !root.dataset.manual) {
        const lang = root.dataset.lang === "ko" ? "ko" : "en";
        g.MibunApp.mount(root, { params: { lang } }).then((a) => { g.mibunApp = a; });
      }
    });
  }
})(typeof window !== "undefined" ? window : globalThis);
