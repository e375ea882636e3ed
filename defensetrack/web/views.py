from django.http import HttpRequest, HttpResponse


def timeline(request: HttpRequest, **kwargs) -> HttpResponse:
    return HttpResponse("DefenseTrack")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse("Not found", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Server error", status=500)
