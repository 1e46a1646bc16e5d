// The comment form: fetches the CSRF token and a signed start time from the site itself
// (article pages are cached and shared, so they carry no per-visitor token), sends the form
// with fetch and shows the Arabic answer. No inline handlers: the page runs a strict CSP.
(function () {
  "use strict";
  var form = document.querySelector("form.comment-form");
  if (!form) {
    return;
  }
  var status = form.querySelector(".comment-status");
  var button = form.querySelector("button[type=submit]");
  var replying = form.querySelector(".comment-replying");
  var token = null;

  function show(message, isError) {
    status.textContent = message;
    status.classList.toggle("is-error", Boolean(isError));
    status.classList.toggle("is-ok", !isError);
  }

  var csrfToken = "";

  function fetchToken() {
    token = fetch(form.dataset.tokenUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("token " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        csrfToken = data.csrf_token;
        form.elements.started.value = data.started;
        return data;
      });
    token.catch(function () {
      token = null;
    });
    return token;
  }

  function cancelReply() {
    form.elements.parent.value = "";
    replying.hidden = true;
  }

  document.querySelectorAll(".comment-reply").forEach(function (reply) {
    reply.hidden = false;
    reply.addEventListener("click", function () {
      form.elements.parent.value = reply.dataset.parent;
      replying.querySelector(".comment-replying-name").textContent = reply.dataset.name;
      replying.hidden = false;
      form.elements.body.focus();
    });
  });
  form.querySelector(".comment-reply-cancel").addEventListener("click", cancelReply);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    show("جارٍ الإرسال…", false);
    (token || fetchToken())
      .then(function () {
        return fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: {
            Accept: "application/json",
            "X-CSRFToken": csrfToken,
          },
        });
      })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return { ok: false, message: "تعذّر إرسال التعليق. حاول مرة أخرى." };
          })
          .then(function (data) {
            show(data.message, !data.ok);
            if (data.ok) {
              form.elements.body.value = "";
              cancelReply();
            }
            if (data.ok || response.status === 403) {
              fetchToken(); // a fresh start time for the next comment
            }
          });
      })
      .catch(function () {
        show("تعذّر الاتصال بالموقع. تحقّق من اتصالك وحاول مرة أخرى.", true);
      })
      .finally(function () {
        button.disabled = false;
      });
  });

  fetchToken(); // the time-to-submit rule counts from here
})();
