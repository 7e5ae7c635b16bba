// Fold the timeline's filter form on a narrow screen so the results come first; without
// script it stays open, which only costs scrolling. Open when filters apply or err.
(function () {
  var box = document.querySelector("details.filters-box[data-collapsible]");
  if (box && window.matchMedia("(max-width: 40rem)").matches) {
    box.open = false;
  }
})();
