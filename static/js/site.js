// Small enhancements; every page works without them (the Content-Security-Policy allows only files
// from this site, so this is the one script).
(function () {
  "use strict";

  // A click on a star saves the rating at once. Keyboard users move between stars with the arrows
  // and press the Save button: a click from the keyboard (detail 0) does not submit.
  document.addEventListener("click", function (event) {
    var star = event.target.closest("form[data-submit-on-click] .star-radio");
    if (star && event.detail > 0) {
      star.form.requestSubmit();
    }
  });

  // An inline spoiler stays open once opened, until clicked again (without this it closes when
  // focus leaves it).
  function toggleSpoiler(spoiler) {
    spoiler.classList.toggle("shown");
  }
  document.addEventListener("click", function (event) {
    var spoiler = event.target.closest(".inline-spoiler");
    if (spoiler) {
      toggleSpoiler(spoiler);
    }
  });
  document.addEventListener("keydown", function (event) {
    var spoiler = event.target.closest && event.target.closest(".inline-spoiler");
    if (spoiler && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      toggleSpoiler(spoiler);
    }
  });

  // A field of author names ("Ann Patchett, Tom Hanks") offers the catalogue's authors whose names begin
  // with what is being typed after the last comma: a <datalist>, filled from /catalogue/author-names/.
  document.querySelectorAll("input[data-author-names]").forEach(function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var parts = input.value.split(",");
        var typed = parts.pop().trim();
        var before = parts.length ? parts.join(",") + ", " : "";
        if (typed.length < 2) {
          return;
        }
        fetch(input.dataset.authorNames + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { names: [] }; })
          .then(function (found) {
            list.replaceChildren.apply(list, found.names.map(function (name) {
              var option = document.createElement("option");
              option.value = before + name;
              return option;
            }));
          })
          .catch(function () {});
      }, 200);
    });
  });

  // Times are written in UTC (the pages are shared by every reader); show them in the reader's zone.
  var format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit"
  });
  document.querySelectorAll("time[data-local]").forEach(function (time) {
    var at = new Date(time.getAttribute("datetime"));
    if (!isNaN(at)) {
      time.textContent = format.format(at);
      time.title = "Your time";
    }
  });
})();
