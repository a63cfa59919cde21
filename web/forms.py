"""Forms, validated on the server (Flask-WTF, with CSRF): from the public, and
from staff."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional


class TalkRequestForm(FlaskForm):
    organisation = StringField(
        "Organisation",
        validators=[DataRequired("Tell us which organisation is asking."), Length(max=300)],
    )
    contact_name = StringField(
        "Contact name", validators=[DataRequired("Tell us who to contact."), Length(max=300)]
    )
    email = EmailField(
        "Email",
        validators=[
            DataRequired("An email address is needed to reply."),
            Email("This does not look like an email address, e.g. name@example.org."),
            Length(max=300),
        ],
    )
    preferred_dates = StringField(
        "Preferred dates",
        validators=[Optional(), Length(max=500)],
        description="For example: a Tuesday evening in March 2027",
    )
    audience_size = IntegerField(
        "Audience size",
        validators=[
            Optional(),
            NumberRange(1, 100_000, "Give the expected number of people, 1 or more."),
        ],
    )
    audience_type = StringField(
        "Audience",
        validators=[Optional(), Length(max=300)],
        description="Students, a community group, a school class…",
    )
    format = SelectField(
        "Format",
        choices=[
            SelectChoice("in_person", "In person"),
            SelectChoice("virtual", "Virtual"),
            SelectChoice("either", "Either"),
        ],
        default="either",
    )
    speaker = SelectField(
        "Speaker wanted",
        choices=[SelectChoice("", "Any speaker")],
        default="",
        validate_choice=True,
    )
    topics = TextAreaField(
        "Topics",
        validators=[Optional(), Length(max=2000)],
        description="What should the talk be about?",
    )


class LoginForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter your name."), Length(max=100)])
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=1024)]
    )


class TalkRequestStatusForm(FlaskForm):
    status = SelectField("Status", validate_choice=True)
    notes = TextAreaField("Staff notes", validators=[Optional(), Length(max=5000)])
