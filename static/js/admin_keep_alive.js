// Typing in an admin form is activity: while someone types, tell the server at most once a
// minute, so the idle-session limit (PORTAL_STAFF_IDLE_MINUTES) never ends a session in
// the middle of an article. If the session has already ended, say so at once, before the
// text is submitted to a login page and lost.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script.getAttribute("data-url");
  var EVERY_MS = 60 * 1000;
  var last = 0; // the first keystroke checks at once
  var warned = false;

  function warn() {
    if (warned) return;
    warned = true;
    var note = document.createElement("p");
    note.className = "errornote";
    note.setAttribute("role", "alert");
    note.textContent =
      "انتهت جلستك بعد مدة دون نشاط. انسخ ما كتبته قبل الحفظ، " +
      "ثم سجّل الدخول من جديد في نافذة أخرى والصقه.";
    var where = document.getElementById("content") || document.body;
    where.insertBefore(note, where.firstChild);
  }

  function ping() {
    last = Date.now();
    fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (response.status === 401) warn();
      })
      .catch(function () {}); // offline: the next keystroke after a minute tries again
  }

  document.addEventListener(
    "input",
    function () {
      if (Date.now() - last >= EVERY_MS) ping();
    },
    { passive: true, capture: true }
  );
})();
