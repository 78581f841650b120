"""Public pages of contributions (no login): 历年缴费标准查询."""

from django.shortcuts import render

from .forms import StandardsQueryForm
from .services.standards import standards_of_year


def standards(request):
    """Choose a region and year → the policies of that year with items, rates, bounds and grade amounts."""
    form = StandardsQueryForm(request.GET)
    region = year = periods = None
    if form.is_bound and form.is_valid():
        region, year = form.cleaned_data["region"], form.cleaned_data["year"]
    elif not form.is_bound:
        region = form.fields["region"].queryset.first()
        year = form.fields["year"].initial
    if region is not None:
        periods = standards_of_year(region=region, year=year)
    return render(request, "contributions/standards.html",
                  {"form": form, "region": region, "year": year, "periods": periods})
