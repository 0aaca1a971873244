/* Coding a passage: a selection in the text fills the form's passage and its offsets, counted in
   code points from 0 with the end excluded (REFI-QDA's PlainTextSelection; JavaScript strings count
   UTF-16 units, hence Array.from). Without this script the passage is copied into the box and the
   server finds it in the text (web/coding.py). */
(function () {
  "use strict";
  function points(text) { return Array.from(text).length; }
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("source-text");
    var form = document.getElementById("coding-form");
    if (!source || !form) { return; }
    var passage = form.querySelector("textarea[name=passage]");
    var start = form.querySelector("input[name=start]");
    var end = form.querySelector("input[name=end]");
    passage.addEventListener("input", function () { start.value = ""; end.value = ""; });
    function take() {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
      var range = selection.getRangeAt(0);
      if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) { return; }
      var before = document.createRange();
      before.setStart(source, 0);
      before.setEnd(range.startContainer, range.startOffset);
      var chosen = range.toString();
      var first = points(before.toString());
      passage.value = chosen;
      start.value = String(first);
      end.value = String(first + points(chosen));
    }
    source.addEventListener("mouseup", take);
    source.addEventListener("touchend", function () { window.setTimeout(take, 50); });
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (selection && selection.rangeCount && source.contains(selection.anchorNode)) { take(); }
    });
  });
}());
