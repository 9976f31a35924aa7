from django import forms


class FollowForm(forms.Form):
    email = forms.EmailField(max_length=254)
    digest = forms.BooleanField(required=False)


class RulingFollowForm(forms.Form):
    """Follow the new decisions citing a ruling: a daily digest unless `immediate`."""

    email = forms.EmailField(max_length=254)
    immediate = forms.BooleanField(required=False)
    unverified = forms.BooleanField(required=False)


class SearchFollowForm(forms.Form):
    """Follow a search: its words and the rulings list's filters travel as hidden fields."""

    email = forms.EmailField(max_length=254)
    immediate = forms.BooleanField(required=False)
    q = forms.CharField(max_length=200, required=False)
    court = forms.CharField(max_length=100, required=False)
    kind = forms.CharField(max_length=30, required=False)
    year = forms.CharField(max_length=4, required=False)
    outcome = forms.CharField(max_length=40, required=False)
