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
