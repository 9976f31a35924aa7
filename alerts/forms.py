from django import forms


class FollowForm(forms.Form):
    email = forms.EmailField(max_length=254)
    digest = forms.BooleanField(required=False)
