from django.conf import settings


def koers(request):
    return {"site_url": settings.SITE_URL, "contact_email": settings.CONTACT_EMAIL}
