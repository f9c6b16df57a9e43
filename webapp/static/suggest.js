// Autocomplete for the search box: titles and alternative names from
// /api/suggest, navigable with the keyboard (an ARIA combobox). Names are
// inserted with textContent, never as HTML.
(function () {
  "use strict";

  function attach(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;
    var items = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    // Forget a fetch still under way: its answer must not reopen the list
    // after Escape, a choice or leaving the box.
    function cancel() {
      clearTimeout(timer);
      latest++;
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach(function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var li = items[index];
      if (!li) return;
      input.value = li.dataset.name;
      cancel();
      close();
      input.form.submit();
    }

    function show(suggestions) {
      close();
      if (!suggestions.length) return;
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = "suggestion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.name = s.name;
        li.textContent = s.name;
        if (s.title && s.title !== s.name) {
          var note = document.createElement("span");
          note.className = "suggestion-title";
          note.textContent = " — " + s.title;
          li.appendChild(note);
        }
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(li);
        items.push(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function fetchSuggestions() {
      var prefix = input.value.trim();
      if (prefix.length < 1) {
        close();
        return;
      }
      var ticket = ++latest;
      fetch("/api/suggest?q=" + encodeURIComponent(prefix), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (ticket === latest) show(data.suggestions || []);
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 80);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        // Only close the list: without preventDefault Chromium also clears
        // a type=search box, losing what was typed.
        event.preventDefault();
        cancel();
        close();
      }
    });
    input.addEventListener("blur", function () {
      cancel();
      setTimeout(close, 100);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[role=combobox][aria-controls]").forEach(attach);
  });
})();
