from django.http import HttpResponse


def index(request):
    return HttpResponse("hello from django\n", content_type="text/plain")
