"""nginx serves its document root from the container's files (the image's default.conf:
root /usr/share/nginx/html; index index.html index.htm), volumes mounted there included."""
from clusters import Cluster


def test_a_page_written_into_the_container_is_what_nginx_serves():
    c = Cluster(seed=1)
    c.run("kubectl run web --image=nginx")
    c.advance(20)
    assert "<title>Welcome to nginx!</title>" in c.run("kubectl exec web -- curl -s http://localhost/").text
    c.run("kubectl exec web -- sh -c 'echo hello > /usr/share/nginx/html/index.html'")
    c.run("kubectl exec web -- sh -c 'echo {} > /usr/share/nginx/html/a.json'")
    assert c.run("kubectl exec web -- curl -s http://localhost/").text == "hello\n"
    assert "Content-Type: application/json" in c.run("kubectl exec web -- curl -si http://localhost/a.json").text
    assert "404 Not Found" in c.run("kubectl exec web -- curl -s http://localhost/missing").text


def test_an_empty_volume_over_the_root_gives_403_without_an_index():
    c = Cluster(seed=1)
    c.run("""cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - name: html
      mountPath: /usr/share/nginx/html
  volumes:
  - name: html
    emptyDir: {}
EOF""")
    c.advance(20)
    assert "403 Forbidden" in c.run("kubectl exec web -- curl -s http://localhost/").text
    c.run("kubectl exec web -- sh -c 'echo from-volume > /usr/share/nginx/html/index.html'")
    assert c.run("kubectl exec web -- curl -s http://localhost/").text == "from-volume\n"
    assert c.bugs == []
