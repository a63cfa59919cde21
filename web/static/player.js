// Enhances the testimony page: open a moment (seek the player to ?t= and
// bring its segment into view below the sticky player), seek on a timecode
// click without reloading, follow playback in the transcript from one part
// into the next, and turn to the next transcript page when playback reaches it.
// Without JavaScript the page still works: links reload with ?part=&t=#seg-,
// the server marks the current segment and the audio's #t= starts it there.
(function () {
  "use strict";
  var article = document.querySelector("article.testimony");
  if (!article) { return; }
  var bar = article.querySelector(".player");
  var turning = false;

  function player(part) { return document.getElementById("player-" + part); }

  // Segments scrolled to must land below the sticky player, whatever its height.
  function measure() {
    if (bar && !bar.classList.contains("no-audio")) {
      document.documentElement.style.setProperty("--player-height", bar.offsetHeight + "px");
    }
  }

  function transcriptPage() { return document.getElementById("transcript-page"); }

  // Order of two moments (part, seconds): negative, zero or positive.
  function compare(partA, secondsA, partB, secondsB) {
    return partA !== partB ? partA - partB : secondsA - secondsB;
  }

  function segmentAt(part, seconds) {
    var found = null;
    document.querySelectorAll('.transcript.original .segment[data-part="' + part + '"]').forEach(function (li) {
      if (!found || parseFloat(li.dataset.start) <= seconds + 0.01) { found = li; }
    });
    return found;
  }

  // Whether the moment's segment is on this transcript page (else a link to it
  // loads the page that holds it).
  function onThisPage(part, seconds) {
    var holder = transcriptPage();
    if (!holder) { return true; }
    var data = holder.dataset;
    if (data.fromPart && compare(part, seconds, +data.fromPart, +data.fromStart) < 0) { return false; }
    if (data.nextPart && compare(part, seconds, +data.nextPart, +data.nextStart) >= 0) { return false; }
    return true;
  }

  function inView(li) {
    var box = li.getBoundingClientRect();
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    return box.top >= top - 1 && box.bottom <= window.innerHeight + 1;
  }

  // how: "moment" always brings the segment into view; "follow" only when the
  // reader was following the previous one (it was in view).
  function markCurrent(part, seconds, how) {
    var li = segmentAt(part, seconds);
    var old = document.querySelector(".transcript.original .segment.current");
    var following = how === "follow" && (!old || inView(old));
    if (li !== old) {
      if (old) { old.classList.remove("current"); }
      if (li) { li.classList.add("current"); }
    }
    if (!li) { return; }
    if (how === "moment") {
      measure();
      // A chapter's title just above the segment comes into view with it.
      var above = li.previousElementSibling;
      (above && above.classList.contains("chapter-mark") ? above : li).scrollIntoView({block: "start"});
    } else if (following && li !== old && !inView(li)) {
      li.scrollIntoView({block: "center"});
    }
  }

  // Show one part's player in the sticky region; pause the others.
  function showPart(part) {
    part = String(part);
    article.querySelectorAll(".player-part").forEach(function (holder) {
      var audio = holder.querySelector("audio");
      var shown = holder.dataset.part === part;
      if (!shown && audio && !audio.paused) { audio.pause(); }
      holder.hidden = !shown;
    });
    article.querySelectorAll(".player .part-number").forEach(function (span) { span.textContent = part; });
    article.querySelectorAll(".player a.part-link").forEach(function (link) {
      if (link.dataset.part === part) { link.setAttribute("aria-current", "true"); } else { link.removeAttribute("aria-current"); }
    });
    measure();
  }

  function seek(part, seconds, play, how) {
    var audio = player(part);
    showPart(part);
    markCurrent(part, seconds, how);
    if (!audio) { return; }
    var apply = function () {
      audio.currentTime = seconds;
      if (play) { audio.play().catch(function () {}); }
    };
    if (audio.readyState >= 1) { apply(); } else { audio.addEventListener("loadedmetadata", apply, {once: true}); }
  }

  // The next transcript page is fetched while the last segments of this one
  // play, and put in place of this one when playback reaches it, without
  // interrupting the audio.
  var LOOKAHEAD = 10;  // segments before the end of the page
  var nextPage = null;  // {href, promise of its #transcript-page}

  function fetchNext(holder) {
    var href = holder.dataset.nextHref;
    if (nextPage && nextPage.href === href) { return nextPage; }
    nextPage = {href: href, promise: fetch(href, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (html) {
      return new DOMParser().parseFromString(html, "text/html").getElementById("transcript-page");
    })};
    nextPage.promise.catch(function () { nextPage = null; });
    return nextPage;
  }

  function turnPage(holder, audio) {
    if (turning) { return; }
    turning = true;
    var pending = fetchNext(holder);
    pending.promise.then(function (fresh) {
      if (fresh && holder.isConnected) {
        holder.replaceWith(document.adoptNode(fresh));
        history.replaceState(null, "", pending.href.split("#")[0]);
        markCurrent(audio.dataset.part, audio.currentTime, "follow");
      }
    }).catch(function () {}).then(function () { turning = false; });
  }

  function following(audio) {
    var part = +audio.dataset.part, seconds = audio.currentTime;
    var holder = transcriptPage();
    var data = holder ? holder.dataset : {};
    if (data.nextHref) {
      if (compare(part, seconds, +data.nextPart, +data.nextStart) >= 0) {
        turnPage(holder, audio);
      } else {
        var rows = holder.querySelectorAll(".segment");
        var near = rows[Math.max(rows.length - LOOKAHEAD, 0)];
        if (near && compare(part, seconds, +near.dataset.part, +near.dataset.start) >= 0) { fetchNext(holder); }
      }
    }
    markCurrent(audio.dataset.part, seconds, "follow");
  }

  document.querySelectorAll("audio[data-part]").forEach(function (audio) {
    audio.addEventListener("timeupdate", function () { following(audio); });
    audio.addEventListener("play", function () { showPart(audio.dataset.part); });
    // The end of one part plays the next, and the transcript follows into it.
    audio.addEventListener("ended", function () {
      var next = player(+audio.dataset.part + 1);
      if (!next) { return; }
      showPart(next.dataset.part);
      next.currentTime = 0;
      next.play().catch(function () {});
      following(next);
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.timecode[data-start], a.part-link[data-start]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    var part = link.dataset.part, seconds = parseFloat(link.dataset.start);
    if (!player(part) || !onThisPage(+part, seconds)) { return; }
    event.preventDefault();
    history.replaceState(null, "", link.href);
    seek(part, seconds, true, "moment");
  });

  measure();
  window.addEventListener("resize", measure);
  if (article.dataset.moment) {
    seek(article.dataset.part, parseFloat(article.dataset.start) || 0, false, "moment");
  }
})();
