// Enhances the testimony page: seek the player to ?t= on load, seek on a
// timecode click without reloading, and follow playback in the transcript.
// Without JavaScript the page still works: links reload with ?t= and the
// audio's #t= media fragment starts it there.
(function () {
  "use strict";
  var article = document.querySelector("article.testimony");
  if (!article) { return; }

  function player(part) { return document.getElementById("player-" + part); }

  function segmentAt(part, seconds) {
    var found = null;
    document.querySelectorAll('.transcript.original .segment[data-part="' + part + '"]').forEach(function (li) {
      if (parseFloat(li.dataset.start) <= seconds + 0.01) { found = li; }
    });
    return found;
  }

  function markCurrent(part, seconds, scroll) {
    var li = segmentAt(part, seconds);
    var old = document.querySelector(".transcript.original .segment.current");
    if (li === old) { return; }
    if (old) { old.classList.remove("current"); }
    if (li) {
      li.classList.add("current");
      if (scroll) { li.scrollIntoView({block: "center"}); }
    }
  }

  function seek(part, seconds, play) {
    var audio = player(part);
    if (!audio) { return; }
    var apply = function () {
      audio.currentTime = seconds;
      if (play) { audio.play().catch(function () {}); }
    };
    if (audio.readyState >= 1) { apply(); } else { audio.addEventListener("loadedmetadata", apply, {once: true}); }
    markCurrent(part, seconds, true);
  }

  document.querySelectorAll("audio[data-part]").forEach(function (audio) {
    audio.addEventListener("timeupdate", function () {
      markCurrent(audio.dataset.part, audio.currentTime, false);
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.timecode[data-start]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var part = link.dataset.part, seconds = parseFloat(link.dataset.start);
    history.replaceState(null, "", link.href);
    seek(part, seconds, true);
  });

  var start = parseFloat(article.dataset.start);
  if (start > 0) { seek(article.dataset.part, start, false); }
})();
