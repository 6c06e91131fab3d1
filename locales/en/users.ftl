# The partner's users list (users_page): who holds which role, and pending invitations (R1).
users-title = Users
users-intro = Everyone who holds a role in your organization. Invited people stay pending until they choose their password.
users-caption = Users of { $partner }
users-col-email = E-mail
users-col-role = Role
users-col-added = Added on
users-col-status = Status
users-pending = Invitation pending
users-active = Active
users-none = No user holds a role in this organization yet.
users-invite = Invite a user
users-back-overview = ← Back to the overview
users-overview-link = Users
