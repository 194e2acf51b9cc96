(function () {
  function highlight() {
    var id = decodeURIComponent(location.hash.slice(1));
    document.querySelectorAll("mark.hit").forEach(function (el) { el.classList.remove("hit"); });
    if (!id) { return; }
    document.querySelectorAll("mark[data-spans]").forEach(function (el) {
      if (el.getAttribute("data-spans").split(" ").indexOf(id) >= 0) { el.classList.add("hit"); }
    });
  }
  window.addEventListener("hashchange", highlight);
  highlight();
})();
