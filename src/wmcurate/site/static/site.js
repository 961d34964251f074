/* wmcurate site: search and filters on the index, "copy BibTeX" on a work's page.
 *
 * Written for this site, no library. The index's data arrives as scripts that call
 * WMC.chunk (rows of works) and WMC.shard (full-text terms): <script> elements load from
 * disk (file://) where fetch() may not, and they satisfy the pages' Content-Security-Policy.
 * The tokenizer mirrors src/wmcurate/site/search.py: both must split text the same way.
 */
(function () {
  "use strict";

  var WMC = (window.WMC = window.WMC || {});
  var FILE = location.protocol === "file:";
  var PAGE = 50;

  // -- links from disk: a folder link opens its index.html --------------------------------
  function fileHref(href) {
    if (!FILE || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return href;
    var split = /^([^?#]*)(.*)$/.exec(href);
    var path = split[1];
    if (path === "" || path === "." || /\/$/.test(path)) {
      path = (path === "" || path === "." ? "./" : path) + "index.html";
    }
    return path + split[2];
  }

  function fixLinks(scope) {
    if (!FILE) return;
    var links = scope.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("href", fileHref(links[i].getAttribute("href")));
    }
  }

  // -- tokenizer (search.py's terms(), for a query) ---------------------------------------
  var CJK = "\\u3400-\\u9fff\\uf900-\\ufaff";
  var TOKEN = new RegExp("([" + CJK + "]+)|((?:(?![" + CJK + "])[\\p{L}\\p{N}])+)", "gu");
  var MAX_TERM = 40;
  var CJK_CHAR = new RegExp("^[" + CJK + "]$", "u");

  function normalise(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The query's prefixes: a word is a prefix of the terms it may be the start of; a run
     of Chinese characters gives its pairs (or the one character). */
  function queryTokens(query) {
    var out = [];
    var text = normalise(query);
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (match[2] !== undefined) {
        out.push(match[2].slice(0, MAX_TERM));
      } else {
        var run = Array.from(match[1]);
        if (run.length === 1) out.push(run[0]);
        for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      }
    }
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }
  WMC.queryTokens = queryTokens;

  function shardOf(term) {
    var first = term.charAt(0);
    if ((first >= "a" && first <= "z") || (first >= "0" && first <= "9")) return first;
    return "u" + (term.codePointAt(0) % 64);
  }

  // -- loading data scripts -----------------------------------------------------------------
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  var chunks = {};
  WMC.chunk = function (lang, n, rows) { chunks[n] = rows; };

  var shards = {};
  var pendingShards = {};
  WMC.shard = function (name, table) {
    var terms = Object.keys(table);
    terms.sort();
    shards[name] = { table: table, terms: terms, decoded: {} };
  };

  var EMPTY = { table: {}, terms: [], decoded: {} };
  var existing = null;  // the names of the shards the site has (from the index page)

  function shard(name, root) {
    if (shards[name]) return Promise.resolve(shards[name]);
    // No file: no term starts with that character.
    if (existing && !existing[name]) return Promise.resolve((shards[name] = EMPTY));
    if (!pendingShards[name]) {
      pendingShards[name] = loadScript(root + "assets/search/" + name + ".js").then(
        function () { return shards[name] || { table: {}, terms: [], decoded: {} }; },
        // A shard that does not exist holds no term: nothing starts with that character.
        function () { return (shards[name] = { table: {}, terms: [], decoded: {} }); });
    }
    return pendingShards[name];
  }

  /* Mark in `mask` every work that holds a term beginning with `prefix`. */
  function markPrefix(found, prefix, mask) {
    var terms = found.terms;
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    for (var i = lo; i < terms.length && terms[i].lastIndexOf(prefix, 0) === 0; i++) {
      var term = terms[i];
      var value = found.table[term];
      if (typeof value === "string") {
        var bytes = atob(value);
        for (var b = 0; b < bytes.length; b++) {
          var byte = bytes.charCodeAt(b);
          if (byte === 0) continue;
          for (var bit = 0; bit < 8; bit++) if (byte & (1 << bit)) mask[b * 8 + bit] = 1;
        }
      } else {
        var numbers = found.decoded[term];
        if (!numbers) {
          numbers = found.decoded[term] = new Int32Array(value.length);
          for (var k = 0, at = 0; k < value.length; k++) numbers[k] = at += value[k];
        }
        for (var j = 0; j < numbers.length; j++) mask[numbers[j]] = 1;
      }
    }
  }

  // -- the index ------------------------------------------------------------------------------
  function startIndex(main) {
    var total = +main.getAttribute("data-total");
    var chunkCount = +main.getAttribute("data-chunks");
    var root = main.getAttribute("data-root");
    var prefix = main.getAttribute("data-prefix");
    var lang = main.getAttribute("data-lang");
    var words = JSON.parse(main.getAttribute("data-strings"));
    existing = {};
    main.getAttribute("data-shards").split(" ").forEach(function (name) {
      if (name) existing[name] = true;
    });
    var form = document.getElementById("finder");
    var input = document.getElementById("q");
    var controls = {
      section: document.getElementById("f-section"),
      venue: document.getElementById("f-venue"),
      year: document.getElementById("f-year"),
      sort: document.getElementById("f-sort"),
      code: document.getElementById("f-code"),
      featured: document.getElementById("f-featured"),
    };
    var status = document.getElementById("status");
    var list = document.getElementById("results");
    var more = document.getElementById("more");
    var switches = document.querySelectorAll("a[data-keep-view]");
    var switchBase = [];
    for (var s = 0; s < switches.length; s++) switchBase.push(switches[s].getAttribute("href"));

    var rows = [];
    var loaded = 0;
    var orders = {};
    var tokenMasks = new Map();
    var shown = PAGE;
    var serial = 0;
    var typing = false;
    var latencies = (WMC.latencies = []);

    function say(template, values) {
      return template.replace(/\{(\w+)\}/g, function (_, name) {
        return values[name] !== undefined ? values[name].toLocaleString(lang) : "";
      });
    }

    // State <-> URL <-> controls.
    function readState() {
      var params = new URLSearchParams(location.search);
      return {
        q: params.get("q") || "",
        section: params.get("section") || "",
        venue: params.get("venue") || "",
        year: params.get("year") || "",
        sort: params.get("sort") || "",
        code: params.get("code") === "1",
        featured: params.get("featured") === "1",
      };
    }

    function currentState() {
      return {
        q: input.value,
        section: controls.section.value,
        venue: controls.venue.value,
        year: controls.year.value,
        sort: controls.sort.value,
        code: controls.code.checked,
        featured: controls.featured.checked,
      };
    }

    function choose(select, value) {
      select.value = value;
      if (select.value !== value) {
        // A shared URL naming a value this list no longer has: keep it, so the view is
        // the same (and empty) rather than silently wider.
        var option = document.createElement("option");
        option.value = option.textContent = value;
        select.appendChild(option);
        select.value = value;
      }
    }

    function showState(state) {
      input.value = state.q;
      choose(controls.section, state.section);
      choose(controls.venue, state.venue);
      choose(controls.year, state.year);
      choose(controls.sort, state.sort);
      controls.code.checked = state.code;
      controls.featured.checked = state.featured;
    }

    function queryString(state) {
      var params = new URLSearchParams();
      ["q", "section", "venue", "year", "sort"].forEach(function (name) {
        if (state[name]) params.set(name, state[name]);
      });
      if (state.code) params.set("code", "1");
      if (state.featured) params.set("featured", "1");
      var text = params.toString();
      return text ? "?" + text : "";
    }

    function remember(state, replace) {
      var search = queryString(state);
      if (search !== location.search) {
        try {
          var url = location.pathname + search;
          if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
        } catch (error) {
          // Some browsers refuse history changes on file:// pages; the view still works.
        }
      }
      for (var i = 0; i < switches.length; i++) {
        switches[i].setAttribute("href", fileHref(switchBase[i]) + search);
      }
    }

    // Orders of the loaded rows.
    function order(sort) {
      if (orders[sort]) return orders[sort];
      var numbers = [];
      for (var i = 0; i < rows.length; i++) numbers.push(i);
      if (sort === "title") {
        var collator = new Intl.Collator(lang, { sensitivity: "base", numeric: true });
        numbers.sort(function (a, b) { return collator.compare(rows[a][1], rows[b][1]) || a - b; });
      } else if (sort === "venue") {
        numbers.sort(function (a, b) {
          return (rows[b][5] || 0) - (rows[a][5] || 0) || a - b;
        });
      }
      return (orders[sort] = numbers);
    }

    // Full text: the works holding every token of the query (null: no query). The
    // tokens' shards are loaded.
    function searchMask(tokens) {
      var result = null;
      for (var t = 0; t < tokens.length; t++) {
        var mask = tokenMasks.get(tokens[t]);
        if (!mask) {
          mask = new Uint8Array(total);
          markPrefix(shards[shardOf(tokens[t])], tokens[t], mask);
          if (tokenMasks.size > 200) tokenMasks.clear();
          tokenMasks.set(tokens[t], mask);
        }
        if (result === null) {
          result = mask.slice();
        } else {
          for (var i = 0; i < result.length; i++) result[i] &= mask[i];
        }
      }
      return result;
    }

    function matches(state, mask) {
      var year = state.year ? +state.year : 0;
      var out = [];
      var numbers = order(state.sort);
      for (var k = 0; k < numbers.length; k++) {
        var i = numbers[k];
        if (mask && !mask[i]) continue;
        var row = rows[i];
        if (state.section && row[6].indexOf(state.section) < 0) continue;
        if (state.venue && row[4] !== state.venue) continue;
        if (year && row[5] !== year) continue;
        if (state.code && !(row[7] & 1)) continue;
        if (state.featured && !(row[7] & 2)) continue;
        out.push(i);
      }
      return out;
    }

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    function item(row) {
      var li = element("li", "work");
      var link = element("a", "title", row[1]);
      link.href = fileHref(root + prefix + "works/" + row[0] + "/");
      li.appendChild(link);
      var meta = element("p", "meta");
      if (row[3]) meta.appendChild(element("span", "venue", row[3]));
      if (row[2]) meta.appendChild(element("span", "authors", row[2]));
      if (row[7] & 1) meta.appendChild(element("span", "badge", words.code));
      if (row[7] & 2) meta.appendChild(element("span", "badge star", words.featured_badge));
      li.appendChild(meta);
      if (row[9]) li.appendChild(element("p", "gist", row[9]));
      return li;
    }

    var lastFound = [];
    function show(found, state) {
      lastFound = found;
      var fragment = document.createDocumentFragment();
      var count = Math.min(found.length, shown);
      for (var i = 0; i < count; i++) fragment.appendChild(item(rows[found[i]]));
      list.replaceChildren(fragment);
      more.hidden = found.length <= shown;
      var filtered = state.q || state.section || state.venue || state.year || state.code ||
        state.featured;
      var text;
      if (!found.length && loaded === total) text = words.no_results;
      else if (filtered) text = say(words.results_of, { n: found.length, total: total });
      else if (found.length === 1) text = words.result_one;
      else text = say(words.results, { n: found.length });
      if (loaded < total) text += " · " + say(words.loading, { n: loaded, total: total });
      status.textContent = text;
      list.setAttribute("data-count", String(found.length));
      list.setAttribute("data-view", queryString(state));
      main.setAttribute("data-ready", loaded === total ? "1" : "0");
    }

    /* Recompute the view; `started` is when the reader's keystroke arrived. Synchronous
       when the query's shards are here already, as they are after its first letters. */
    function update(started) {
      var mine = ++serial;
      var state = currentState();
      var tokens = queryTokens(state.q);
      var finish = function () {
        if (mine !== serial) return;  // a newer keystroke is on its way
        show(matches(state, searchMask(tokens)), state);
        if (started !== undefined) latencies.push(performance.now() - started);
      };
      var missing = tokens.map(shardOf).filter(function (name) { return !shards[name]; });
      // The next Chinese character typed makes a pair that starts with the last one: its
      // shard is fetched now, while the reader types.
      var last = Array.from(normalise(state.q)).pop() || "";
      if (CJK_CHAR.test(last)) shard(shardOf(last), root);
      if (!missing.length) {
        finish();
        return Promise.resolve();
      }
      return Promise.all(missing.map(function (name) { return shard(name, root); })).then(finish);
    }
    WMC.update = update;

    input.addEventListener("input", function () {
      var started = performance.now();
      shown = PAGE;
      remember(currentState(), typing);
      typing = true;
      update(started);
    });
    form.addEventListener("change", function (event) {
      if (event.target === input) return;
      shown = PAGE;
      typing = false;
      remember(currentState(), false);
      update();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      typing = false;
    });
    document.getElementById("clear").addEventListener("click", function (event) {
      // Put every control back now, then show the whole list (without a script, the
      // button is a plain reset button).
      event.preventDefault();
      form.reset();
      shown = PAGE;
      typing = false;
      remember(currentState(), false);
      update();
      input.focus();
    });
    more.addEventListener("click", function () {
      var first = Math.min(shown, lastFound.length);
      shown += PAGE;
      update().then(function () {
        var next = list.children[first];
        if (next) next.querySelector("a").focus();
      });
    });
    window.addEventListener("popstate", function () {
      showState(readState());
      shown = PAGE;
      typing = false;
      remember(currentState(), true);
      update();
    });

    function take(n) {
      var part = chunks[n] || [];
      for (var i = 0; i < part.length; i++) rows.push(part[i]);
      delete chunks[n];
      loaded = rows.length;
      orders = {};
    }

    function loadFrom(n) {
      if (n >= chunkCount) {
        loaded = total = rows.length;
        return update();
      }
      return loadScript(root + "assets/data/" + lang + "/works-" + n + ".js").then(function () {
        take(n);
        if (n + 1 >= chunkCount) total = rows.length;
        return update().then(function () { return loadFrom(n + 1); });
      }, function () {
        status.textContent = "Could not load assets/data/" + lang + "/works-" + n + ".js";
      });
    }

    showState(readState());
    remember(currentState(), true);
    loadFrom(0);
  }

  // -- a work's page: copy BibTeX ---------------------------------------------------------------
  function startCopy() {
    var button = document.getElementById("copy-bibtex");
    var record = document.getElementById("bibtex");
    var status = document.getElementById("copy-status");
    if (!button || !record) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = record.textContent;
      var done = function () { status.textContent = button.getAttribute("data-copied"); };
      var byHand = function () {
        var range = document.createRange();
        range.selectNodeContents(record);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
        if (copied) done(); else status.textContent = button.getAttribute("data-failed");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, byHand);
      } else {
        byHand();
      }
    });
  }

  function start() {
    fixLinks(document);
    var main = document.getElementById("main");
    if (main && main.getAttribute("data-page") === "index") startIndex(main);
    startCopy();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
