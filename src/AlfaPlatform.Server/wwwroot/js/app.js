// A form that ends the session on purpose (a password change, signing out) is on its way to the server: an open
// page's circuit, which sees the session end a moment later, must not send the browser elsewhere meanwhile.
// The layout and the signed-out view may both ask to leave: the first asks, a second would abort its navigation.
window.alfa = {
    submitting: false,
    leaving: false,
    leaveForSignIn(url) {
        if (!window.alfa.submitting && !window.alfa.leaving) {
            window.alfa.leaving = true;
            location.href = url;
        }
    },
};
document.addEventListener('submit', event => {
    if (event.target instanceof HTMLFormElement && event.target.hasAttribute('data-ends-session')) {
        window.alfa.submitting = true;
    }
}, true);
