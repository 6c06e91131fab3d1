# The partner portal (crates/web/src/ui): layout, accounts, overview.
# Program terms follow the Learning Partner article (../shared/seeds/).

app-name = Learning Partner Center
skip-to-content = Skip to the content
nav-main = Main
nav-home = Home
nav-console = Console
nav-sign-in = Sign in
nav-sign-up = Sign up
nav-sign-out = Sign out
nav-signed-in-as = Signed in as { $email }
lang-label = Language
lang-submit = Change
footer-text = Learning Partner Center · Learning Partner program for training companies
back-home = Back to the home page

home-title = Learning Partner Center
home-lead = Enroll your training company in the Learning Partner program with the Learning Action Pack, or with the silver or gold learning option of a competency, and follow the KPIs that your Courseware Marketplace invoices earn.
home-sign-in = Sign in
home-sign-up = Sign up your organization
home-your-partners = Your organizations
home-no-partners = You do not belong to any partner organization yet.

role-mpn_partner_admin = MPN partner admin
role-account_admin = Account admin
role-member = Member
role-operator = Operator
role-support_agent = Support agent

field-mpn-id = MPN ID
field-mpn-id-help = The digits of your Microsoft Partner Network ID.
field-partner-name = Organization name
field-country = Country
field-country-help = Two-letter code: JP, IT, US…
field-email = E-mail
field-password = Password
field-password-help = At least { $min } characters.
field-role = Role

signup-title = Sign up your organization
signup-intro = Register your training company with its MPN ID. We mail you a link to confirm your address; the program then checks that the organization is yours before showing its invoices and KPI points.
signup-submit = Create the account
signup-have-account = Already registered? Sign in.

login-title = Sign in
login-submit = Sign in
login-forgot = Forgot your password?
login-no-account = No account yet? Sign up your organization.
login-expired = Your session has ended. Sign in again to continue where you were.

forgot-title = Reset your password
forgot-intro = Enter the e-mail of your account: we send you a link to choose a new password.
forgot-submit = Send the link
forgot-sent-title = Check your mail
forgot-sent = If an account uses this address, a link to reset its password is on its way. It works once, for one hour.

reset-title = Choose a new password
reset-intro = Account: { $email }
reset-submit = Save the password
reset-done-title = Password saved
reset-done = Your password is saved. Sign in with it.
reset-done-tokens = { $count ->
    [one] Your API token was revoked with the old password: a program that used it needs a new one (Settings › API tokens).
   *[other] Your { $count } API tokens were revoked with the old password: programs that used them need new ones (Settings › API tokens).
}

invite-title = Invite a user
invite-intro = The person receives a mail with a link to choose a password, valid for 7 days.
invite-submit = Send the invitation
invite-sent-title = Invitation sent
invite-sent = { $email } has been invited. The mail is in the outbox.

mail-reset-subject = Reset your Learning Partner Center password
mail-reset-intro = Someone (hopefully you) asked to reset the password of { $email }.
mail-reset-link = Choose a new password here. The link works once, for one hour:
mail-reset-ignore = If it was not you, ignore this mail: your password stays as it is.
mail-invite-subject = Join { $partner } on Learning Partner Center
mail-invite-intro = { $inviter } invites you to join { $partner } (MPN ID { $mpn }) as { $role }.
mail-invite-link = Choose your password here. The link works once, for 7 days:

overview-title = { $name }: overview
overview-mpn = MPN ID
overview-country = Country
overview-invite = Invite a user
memberships-title = Memberships
memberships-none = No membership yet. Enroll with the Learning Action Pack, or with a silver or gold learning option of a competency.
col-option = Option
col-competency = Competency
col-status = Status
col-anniversary = Anniversary date
col-renewal-window = Renewal window
renewal-open = open now
option-action_pack = Learning Action Pack
option-silver = Silver learning option
option-gold = Gold learning option
status-active = Active
status-lapsed = Lapsed
status-upgraded = Upgraded
status-refunded = Refunded

error-not-found-title = Page not found
error-not-found = There is nothing here, or you have no access to it.
error-csrf-title = This form has expired
error-csrf = For your safety the form was not accepted: it is too old or came from another site. Go back, reload the page and send it again.
error-internal-title = Something went wrong
error-internal = The server could not answer. Try again in a moment.
error-forbidden-title = Not allowed
error-admin-only = Only the MPN partner admin or the account admin of the organization may do this.
error-rate-limited-title = Too many attempts
error-rate-limited = Too many sign-in attempts. Wait 15 minutes, then try again.
error-login = The e-mail or the password is not right.
error-reset-link-title = This link no longer works
error-reset-link = This link has expired or was already used. Ask for a new one.
error-mpn-id = Enter the MPN ID: digits only.
error-mpn-taken = This MPN ID is already registered.
error-partner-name = Enter the name of the organization.
error-country = Enter a two-letter country code such as JP, IT or US.
error-email = Enter a valid e-mail address.
error-email-taken = This e-mail address already has an account.
error-password-short = Use at least { $min } characters.
error-role = Choose one of the roles.
