// A form that ends the session on purpose (a password change, signing out) is on its way to the server: an open
// page's circuit, which sees the session end a moment later, must not send the browser elsewhere meanwhile.
window.alfa = {
    submitting: false,
    leaveForSignIn(url) {
        if (!window.alfa.submitting) {
            location.href = url;
        }
    },
};
document.addEventListener('submit', event => {
    if (event.target instanceof HTMLFormElement && event.target.hasAttribute('data-ends-session')) {
        window.alfa.submitting = true;
    }
}, true);
