/* Referral Network: small progressive enhancements (the pages work without them).
   - the search box's autocomplete (people and companies, keyboard-usable combobox)
   - busy states on submit, copy-to-clipboard, showing only the fields a move needs */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  /* ---- autocomplete ------------------------------------------------------------------ */
  function setupCombobox(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var hidden = document.getElementById("target");
    var status = document.getElementById("q-status");
    var form = input.form;
    var url = input.getAttribute("data-search-url");
    var options = [];
    var active = -1;
    var lastQuery = "";
    var controller = null;
    var picked = input.value;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      options.forEach(function (opt, i) { opt.node.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].node.id);
        options[index].node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = options[index];
      if (!item) { return; }
      input.value = item.label;
      picked = item.label;
      hidden.value = item.id;
      close();
      status.textContent = "Finding paths to " + item.label + "…";
      busy(form);
      form.submit();
    }

    function render(data) {
      list.innerHTML = "";
      options = [];
      var groups = [["Companies", data.companies || [], "company"], ["People", data.people || [], "person"]];
      groups.forEach(function (group) {
        if (!group[1].length) { return; }
        var header = el("li", "combo-group", group[0]);
        header.setAttribute("role", "presentation");
        list.appendChild(header);
        group[1].forEach(function (item) {
          var li = el("li", "combo-option");
          li.id = "q-opt-" + options.length;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.appendChild(el("span", "combo-name", item.name || item.id));
          var meta;
          if (group[2] === "company") {
            meta = "company · " + (item.people || 0) + " people" + (item.status ? " · " + item.status : "");
          } else {
            meta = [item.title, item.company].filter(Boolean).join(" at ") + (item.is_rep ? " · our team" : "");
          }
          li.appendChild(el("span", "combo-meta", meta));
          var index = options.length;
          li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(index); });
          list.appendChild(li);
          options.push({ id: item.id, label: item.name || item.id, node: li });
        });
      });
      if (!options.length) {
        var none = el("li", "combo-empty", "No person or company matches “" + data.q + "”. Check the spelling or try an email.");
        none.setAttribute("role", "presentation");
        list.appendChild(none);
        status.textContent = "No matches.";
      } else {
        status.textContent = options.length + " matches. Use the arrow keys to pick one.";
      }
      open();
    }

    var search = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); status.textContent = ""; return; }
      if (q === lastQuery) { open(); return; }
      lastQuery = q;
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      input.setAttribute("aria-busy", "true");
      status.textContent = "Searching…";
      fetch(url + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        if (response.status === 401) { throw new Error("signed-out"); }
        if (!response.ok) { throw new Error("http-" + response.status); }
        return response.json();
      }).then(function (data) {
        input.removeAttribute("aria-busy");
        if (input.value.trim() === q) { render(data); }
      }).catch(function (err) {
        if (err && err.name === "AbortError") { return; }
        input.removeAttribute("aria-busy");
        lastQuery = "";
        status.textContent = err && err.message === "signed-out"
          ? "Your session has ended: reload the page and sign in again."
          : "Search is not answering right now. Press Find paths to search anyway, or try again in a moment.";
        close();
      });
    }, 180);

    input.addEventListener("input", function () {
      if (input.value !== picked) { hidden.value = ""; }
      search();
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        if (list.hidden) { search(); return; }
        highlight(Math.min(active + 1, options.length - 1));
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (ev.key === "Enter") {
        if (!list.hidden && active >= 0) { ev.preventDefault(); choose(active); }
      } else if (ev.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 120); });
  }

  /* ---- busy buttons ------------------------------------------------------------------ */
  function busy(form) {
    var button = form.querySelector("[data-busy-label]") || form.querySelector("button[type=submit]");
    form.setAttribute("aria-busy", "true");
    if (button) {
      button.disabled = true;
      button.classList.add("is-busy");
      if (button.getAttribute("data-busy-label")) { button.textContent = button.getAttribute("data-busy-label"); }
    }
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.getAttribute("aria-busy") === "true") { ev.preventDefault(); return; }
    // the search box: a typed name not picked from the list becomes a plain search
    var target = form.querySelector("#target");
    var q = form.querySelector("#q");
    if (target && q && target.value && q.dataset.pickedLabel && q.value !== q.dataset.pickedLabel) {
      target.value = "";
    }
    setTimeout(function () { busy(form); }, 0);
  });

  /* ---- copy message ------------------------------------------------------------------ */
  function setupCopy(button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy-from"));
      var note = button.parentNode.querySelector(".copy-status");
      if (!source) { return; }
      var done = function () { if (note) { note.textContent = "Copied."; } };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          source.select();
          if (note) { note.textContent = "Select the text and copy it (Ctrl+C)."; }
        });
      } else {
        source.select();
        if (note) { note.textContent = "Text selected: press Ctrl+C to copy."; }
      }
    });
  }

  /* ---- transition form: show only the fields the chosen move needs ------------------- */
  function setupTransitionForm(form) {
    var fields = form.querySelectorAll("[data-show-for]");
    function update() {
      var chosen = form.querySelector("input[name=to]:checked");
      var value = chosen ? chosen.value : "";
      fields.forEach(function (field) {
        var show = field.getAttribute("data-show-for") === value;
        field.hidden = !show;
        var input = field.querySelector("input, textarea");
        if (input && field.getAttribute("data-show-for") === "qualified_out") { input.required = show; }
      });
    }
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var q = document.getElementById("q");
    if (q && q.getAttribute("role") === "combobox") {
      q.dataset.pickedLabel = q.value;
      setupCombobox(q);
    }
    document.querySelectorAll(".copy-button").forEach(setupCopy);
    var transitionForm = document.getElementById("transition-form");
    if (transitionForm) { setupTransitionForm(transitionForm); }
  });
})();
