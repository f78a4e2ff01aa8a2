// Small DOM helpers. Everything the gateway answers is put in the page as text, never as HTML.

export const $ = id => document.getElementById(id);

/** An element with text (or child elements) and attributes. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('data-')) element.setAttribute(name, value);
    else element[name] = value;
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces a list's items; shows `empty` as a muted line when there are none. */
export function fill(list, items, empty) {
  list.replaceChildren(...(items.length ? items : [el('li', { class: 'muted placeholder' }, empty)]));
}

/** Unix seconds or milliseconds as a local date and time. */
export function when(time) {
  if (!time) return '';
  const ms = time < 1e12 ? time * 1000 : time;
  const date = new Date(ms);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString() : date.toLocaleString();
}

/** Shortens a long text for a list line. */
export function clip(text, length = 120) {
  const value = String(text ?? '');
  return value.length > length ? `${value.slice(0, length - 1)}…` : value;
}

let errorTimer = 0;

/** Shows what went wrong in the bar under the header (for a few seconds; null hides it). */
export function showError(error) {
  const bar = $('error');
  clearTimeout(errorTimer);
  bar.hidden = !error;
  bar.textContent = error ? String(error.message ?? error) : '';
  if (error) errorTimer = setTimeout(() => { bar.hidden = true; }, 8000);
}

/** Runs a button's action with the button disabled meanwhile; errors go to the error bar. */
export function onClick(button, action) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      report(error);
    } finally {
      button.disabled = false;
    }
  });
}

/** Runs a form's action on submit (no navigation); errors go to the error bar. */
export function onSubmit(form, action) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const buttons = form.querySelectorAll('button');
    buttons.forEach(b => { b.disabled = true; });
    try {
      await action();
    } catch (error) {
      report(error);
    } finally {
      buttons.forEach(b => { b.disabled = false; });
    }
  });
}

/** Where errors go; main.js points it at the sign-out for a refused token. */
export let report = showError;

export function setReporter(reporter) {
  report = reporter;
}

let noticeTimer = 0;

/** Shows what an action did, for a few seconds. */
export function showNotice(text) {
  const bar = $('notice');
  clearTimeout(noticeTimer);
  bar.hidden = !text;
  bar.textContent = text ?? '';
  noticeTimer = setTimeout(() => { bar.hidden = true; }, 5000);
}
