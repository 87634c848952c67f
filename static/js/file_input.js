// The Vietnamese file picker (templates/planning/_field.html): show the chosen file's name.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
  const name = input.closest(".file-picker")?.querySelector(".file-name");
  if (!name) return;
  name.textContent = input.files && input.files.length ? input.files[0].name : name.dataset.empty;
});
