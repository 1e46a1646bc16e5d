// Counts the view once the page is really shown, and wires the copy-link button.
// No inline handlers: the strict CSP only allows same-origin script files.
(function () {
  "use strict";
  var root = document.querySelector("[data-engagement]");
  if (!root) {
    return;
  }

  function countView() {
    fetch(root.getAttribute("data-view-url"), {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
    }).catch(function () {});
  }

  // A prerendered page may never be seen: count it only when it is activated.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", countView, { once: true });
  } else {
    countView();
  }

  var copy = root.querySelector("[data-copy-url]");
  var status = root.querySelector("[data-share-status]");
  if (!copy || !navigator.clipboard) {
    return;
  }
  copy.hidden = false;
  copy.addEventListener("click", function () {
    navigator.clipboard.writeText(copy.getAttribute("data-copy-url")).then(
      function () {
        status.textContent = "نُسخ الرابط.";
        fetch(copy.getAttribute("data-record-url"), {
          method: "POST",
          credentials: "same-origin",
        }).catch(function () {});
      },
      function () {
        status.textContent = "تعذّر نسخ الرابط، انسخه يدويًا: " + copy.getAttribute("data-copy-url");
      }
    );
  });
})();
