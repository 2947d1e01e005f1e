/* Documents sent with a progress bar: large photos from a phone take a while on a mobile connection. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-upload-progress]") || !window.FormData || !window.XMLHttpRequest) { return; }
    var box = form.querySelector(".upload-progress");
    var bar = box.querySelector("progress");
    var status = box.querySelector("[aria-live]");
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    event.preventDefault();
    box.hidden = false;
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        var percent = Math.round((progress.loaded / progress.total) * 100);
        bar.value = percent;
        status.textContent = percent + "%";
      }
    });
    request.addEventListener("load", function () {
      var type = request.getResponseHeader("Content-Type") || "";
      if (type.indexOf("application/json") === 0) {
        window.location.assign(JSON.parse(request.responseText).location);
        return;
      }
      /* Some files were refused: show the page with the reasons, as a normal submission would. */
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var main = page.querySelector("main");
      if (main) { document.querySelector("main").replaceWith(main); window.scrollTo(0, 0); }
    });
    request.addEventListener("error", function () {
      status.textContent = status.getAttribute("data-failed");
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
    });
    request.send(data);
  });
})();
